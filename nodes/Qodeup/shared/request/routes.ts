/**
 * The Qodeup routes. One Qodeup Trigger node (or one Webhook node followed by "Qodeup: Check
 * Request") serves one route; the trigger's webhook description builds the n8n path from this
 * table with an expression, the template generator from the same table.
 *
 * Static routes are registered with `isFullPath` as `qodeup/<integrationId>/…`. Routes with a
 * `:param` are dynamic: n8n always prefixes them with the node's `webhookId`, so the node
 * registers `<integrationId>/…/:param` and the templates set `webhookId` to `qodeup`, which
 * gives the same public URL shape `qodeup/<integrationId>/…`.
 */

export const QODEUP_RESOURCES = ['tables', 'table', 'payments', 'paymentStatus', 'orders', 'orderStatus'] as const;
export type QodeupResource = (typeof QODEUP_RESOURCES)[number];

export const DYNAMIC_PREFIX = 'qodeup';

export type RouteParam = 'tableNumber' | 'paymentId' | 'orderId';

interface Route {
	method: 'GET' | 'POST';
	/** Segments after `<integrationId>`; `:name` marks a path parameter. */
	segments: string[];
	param?: RouteParam;
}

export const ROUTES: Record<QodeupResource, Route> = {
	tables: { method: 'GET', segments: ['tables'] },
	table: { method: 'GET', segments: ['tables', ':tableNumber'], param: 'tableNumber' },
	payments: { method: 'POST', segments: ['payments'] },
	paymentStatus: { method: 'GET', segments: ['payments', ':paymentId'], param: 'paymentId' },
	orders: { method: 'POST', segments: ['orders'] },
	orderStatus: { method: 'GET', segments: ['orders', ':orderId'], param: 'orderId' },
};

/** Methods n8n may route to us besides the right one; they are answered with 405. */
export const OTHER_METHODS = ['PUT', 'PATCH', 'DELETE'] as const;

export function isQodeupResource(value: unknown): value is QodeupResource {
	return typeof value === 'string' && (QODEUP_RESOURCES as readonly string[]).includes(value);
}

/**
 * The path Qodeup signs: the route below the webhook base, without leading slash or query,
 * with the actual parameter value (as n8n decoded it). Built from our own parameters, never
 * from the request URL, so a request cannot choose what it is checked against.
 */
export function signedPath(
	resource: QodeupResource,
	integrationId: string,
	params: Partial<Record<RouteParam, string>> = {},
): string {
	const route = ROUTES[resource];
	const segments = route.segments.map((segment) =>
		segment.startsWith(':') ? String(params[segment.slice(1) as RouteParam] ?? '') : segment,
	);
	return [DYNAMIC_PREFIX, integrationId, ...segments].join('/');
}
