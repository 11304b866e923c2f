import { ConfigError } from '@ccp/kit';
import { testCallerKeys } from '@ccp/kit/testing';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config.js';
import { subgraphEndpoints } from '../src/supergraph.js';

const SUPERGRAPH_GRAPHS = `
enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts", url: "http://127.0.0.1:4005/graphql")
  REGISTRY @join__graph(name: "registry", url: "http://127.0.0.1:4001/graphql")
}`;

describe('loadGatewayConfig', () => {
  it('When only the caller key is set, then the contract defaults apply', async () => {
    const { privateKeyPem } = await testCallerKeys();

    const config = loadGatewayConfig({ CALLER_PRIVATE_KEY: privateKeyPem });

    expect(config).toMatchObject({ HOST: '127.0.0.1', PORT: 4000, LOG_LEVEL: 'info', subgraphUrls: {} });
    expect(config.CORS_ORIGINS).toEqual(['http://127.0.0.1:5173', 'http://localhost:5173']);
    expect(config.SUPERGRAPH_PATH).toMatch(/schemas[/\\]supergraph\.graphql$/);
    expect(config.callerPrivateKeyPem).toBe(privateKeyPem);
  });

  it('When the caller private key is missing, then loading fails naming CALLER_PRIVATE_KEY', () => {
    expect(() => loadGatewayConfig({})).toThrow(ConfigError);
    expect(() => loadGatewayConfig({})).toThrow(/CALLER_PRIVATE_KEY/);
  });

  it('When a subgraph URL is not an http URL, then loading fails naming the variable', () => {
    expect(() => loadGatewayConfig({ CALLER_PRIVATE_KEY: 'x', ECONOMIES_URL: 'economies:4002' })).toThrow(
      /ECONOMIES_URL/,
    );
  });

  it('When subgraph URLs and CORS origins are set, then they are keyed by subgraph name and split', () => {
    const config = loadGatewayConfig({
      CALLER_PRIVATE_KEY: 'x',
      REGISTRY_URL: 'http://registry:4001/graphql',
      CORS_ORIGINS: 'https://ccp.example, https://admin.ccp.example',
      PORT: '8080',
    });

    expect(config.subgraphUrls).toEqual({ registry: 'http://registry:4001/graphql' });
    expect(config.CORS_ORIGINS).toEqual(['https://ccp.example', 'https://admin.ccp.example']);
    expect(config.PORT).toBe(8080);
  });
});

describe('subgraphEndpoints', () => {
  it('When a subgraph URL is overridden, then it replaces the composed one and the others stay', () => {
    expect(subgraphEndpoints(SUPERGRAPH_GRAPHS, { registry: 'http://registry:4001/graphql' })).toEqual([
      { name: 'accounts', url: 'http://127.0.0.1:4005/graphql' },
      { name: 'registry', url: 'http://registry:4001/graphql' },
    ]);
  });
});
