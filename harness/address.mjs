// "leader", "leader:8379", "[fe80::1]:8379", "fe80::1" and
// "http://leader:8379" all name one verwalter's HTTP API. Used wherever a
// user names a verwalter (record --from, verwalter-ack --verwalter-host).

export const VERWALTER_PORT = 8379;

// Returns a URL with the port filled in; throws a TypeError saying why
// `text` names no verwalter. `protocols` are those the caller can speak.
export function verwalterUrl(text, { defaultPort, protocols = ['http:', 'https:'] }) {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  // A bare IPv6 address has colons that are not a port's.
  const bareIpv6 = !hasScheme && !text.startsWith('[') && (text.match(/:/g) ?? []).length > 1;
  let url;
  try {
    url = new URL(hasScheme ? text : `http://${bareIpv6 ? `[${text}]` : text}`);
  } catch {
    throw new TypeError(`not a host, host:port or URL: ${JSON.stringify(text)}`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new TypeError(`${JSON.stringify(text)} is not ${protocols.map((p) => p.replace(':', '')).join(' or ')}`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new TypeError(`${JSON.stringify(text)} has more than a host and a port`);
  }
  if (!hasScheme && !url.port) url.port = String(defaultPort);
  return url;
}
