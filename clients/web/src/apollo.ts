import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // Economy is a federation entity keyed by its APEC code; it has no `id` field.
      Economy: { keyFields: ['code'] },
    },
  });
}

export function createApolloClient(uri = '/graphql'): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri }),
    cache: createCache(),
  });
}
