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

describe('loadGatewayConfig: security settings', () => {
  it('When nothing is set outside production, then the documented limits apply, introspection is on and cookies are not Secure', () => {
    const config = loadGatewayConfig({ CALLER_PRIVATE_KEY: 'x' });

    expect(config).toMatchObject({
      production: false,
      introspection: true,
      secureCookies: false,
      TRUST_PROXY_HOPS: 0,
      queryLimits: {
        maxDepth: 12,
        maxCost: 10_000,
        maxPageSize: 200,
        maxAliases: 30,
        maxBatch: 1,
        defaultListSize: 50,
      },
      rateLimits: { anonymousPerMinute: 60, userPerMinute: 300, apiKeyPerMinute: 300 },
    });
  });

  it('When NODE_ENV is production, then introspection is off and the refresh cookie is Secure', () => {
    const config = loadGatewayConfig({ CALLER_PRIVATE_KEY: 'x', NODE_ENV: 'production' });

    expect(config).toMatchObject({ production: true, introspection: false, secureCookies: true });
  });

  it('When the overrides are set, then they replace the defaults', () => {
    const config = loadGatewayConfig({
      CALLER_PRIVATE_KEY: 'x',
      NODE_ENV: 'production',
      GRAPHQL_INTROSPECTION: 'true',
      COOKIE_SECURE: 'false',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30',
      RATE_LIMIT_USER_PER_MINUTE: '600',
      RATE_LIMIT_API_KEY_PER_MINUTE: '1200',
      QUERY_MAX_DEPTH: '8',
      QUERY_MAX_COST: '5000',
      QUERY_MAX_PAGE_SIZE: '100',
      QUERY_MAX_ALIASES: '10',
      TRUST_PROXY_HOPS: '1',
    });

    expect(config).toMatchObject({
      introspection: true,
      secureCookies: false,
      TRUST_PROXY_HOPS: 1,
      queryLimits: { maxDepth: 8, maxCost: 5000, maxPageSize: 100, maxAliases: 10 },
      rateLimits: { anonymousPerMinute: 30, userPerMinute: 600, apiKeyPerMinute: 1200 },
    });
  });

  it('When a limit is not a positive whole number or a flag is not true/false, then loading fails naming the variable', () => {
    expect(() => loadGatewayConfig({ CALLER_PRIVATE_KEY: 'x', RATE_LIMIT_USER_PER_MINUTE: '0' })).toThrow(
      /RATE_LIMIT_USER_PER_MINUTE/,
    );
    expect(() => loadGatewayConfig({ CALLER_PRIVATE_KEY: 'x', QUERY_MAX_DEPTH: 'deep' })).toThrow(
      /QUERY_MAX_DEPTH/,
    );
    expect(() => loadGatewayConfig({ CALLER_PRIVATE_KEY: 'x', COOKIE_SECURE: 'yes' })).toThrow(
      /COOKIE_SECURE/,
    );
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
