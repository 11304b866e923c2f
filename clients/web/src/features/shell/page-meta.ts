import { useEffect } from 'react';
import { useMessages } from '../../i18n-react';
import { messages } from './messages';

function setMeta(attribute: 'name' | 'property', key: string, content: string) {
  let element = document.head.querySelector<HTMLMetaElement>(`meta[${attribute}="${key}"]`);
  if (!element) {
    element = document.createElement('meta');
    element.setAttribute(attribute, key);
    document.head.append(element);
  }
  element.content = content;
}

/**
 * Sets the document title and the description / Open Graph tags for the current page:
 * usePageMeta({ title: cluster.name, description: cluster.summary }). The title gets the platform's name.
 */
export function usePageMeta({ title, description }: { title?: string; description?: string }) {
  const shell = useMessages(messages);
  useEffect(() => {
    const fullTitle = title ? `${title} · ${shell.shortTitle}` : shell.title;
    const text = description ?? shell.description;
    document.title = fullTitle;
    setMeta('name', 'description', text);
    setMeta('property', 'og:title', title ?? shell.title);
    setMeta('property', 'og:description', text);
    setMeta('property', 'og:type', 'website');
    setMeta('property', 'og:url', window.location.href);
  }, [title, description, shell]);
}
