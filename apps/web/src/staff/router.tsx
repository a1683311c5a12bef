import { MouseEvent, ReactNode, useEffect, useState } from 'react';

/**
 * The console's pages live below /staff and are routed in the browser (the
 * server answers every /staff address with the same page). Nothing secret is
 * ever put in an address: case ids are opaque, keys stay in memory.
 */
export function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string) => {
    if (to !== window.location.pathname) window.history.pushState(null, '', to);
    setPath(to);
  };
  return [path, navigate];
}

/** A normal link (open in a new tab works) that moves within the console without reloading, so the keys in memory stay. */
export function Link(props: { to: string; navigate: (to: string) => void; children: ReactNode; current?: boolean; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    props.navigate(props.to);
  };
  return (
    <a href={props.to} onClick={onClick} aria-current={props.current ? 'page' : undefined} className={props.className}>
      {props.children}
    </a>
  );
}
