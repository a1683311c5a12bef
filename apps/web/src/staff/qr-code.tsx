import { useMemo } from 'react';
import { qrModules, qrPath } from './qr';

/** A QR code of a text, drawn in this browser as SVG (nothing is sent to any service to draw it). */
export function QrCode(props: { text: string; label: string; testId?: string }) {
  const { size, path } = useMemo(() => {
    const modules = qrModules(props.text);
    return { size: modules.length, path: qrPath(modules) };
  }, [props.text]);
  return (
    <svg className="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={props.label} data-testid={props.testId} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
