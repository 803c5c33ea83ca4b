// Pieces of the library pages.

/** A search snippet with its [[matched]] words marked, as text: never as HTML. */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(/(\[\[.*?\]\])/g);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith("[[") && part.endsWith("]]") ? <mark key={i}>{part.slice(2, -2)}</mark> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

export function Recommendations({ items, title = "Recommended for you" }: { items: { slug: string; title: string; summary: string; reason: string }[]; title?: string }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="recommended-title" className="recommended">
      <h2 id="recommended-title">{title}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.slug}>
            <a href={`/library/${item.slug}`}>{item.title}</a> <span className="muted">— {item.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
