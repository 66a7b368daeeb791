const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
	'`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
	const text = value === undefined || value === null ? '' : String(value);
	return text.replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character]);
}
