import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApolloClient } from './apollo';
import { App } from './app';
import { renewSession, resumeSession } from './features/account/session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App
      client={createApolloClient('/graphql', undefined, { ready: resumeSession, refresh: renewSession })}
    />
  </StrictMode>,
);
