/**
 * Names for the generated API types (api-types.gen.ts, from the server's OpenAPI document): what
 * a route answers and what it takes, by path and method. The web never spells an API shape out
 * by hand; it names one of these.
 */
import type { paths } from './api-types.gen.ts';

export type { paths } from './api-types.gen.ts';

export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<P extends ApiPath, M extends Method> = paths[P][M] extends { responses: infer R } ? R : never;

/** The JSON a route answers with on success (200, 201 or 202). */
export type ApiResponse<P extends ApiPath, M extends Method = 'get'> = Json<
  Responses<P, M>[Extract<keyof Responses<P, M>, 200 | 201 | 202>]
>;

/** The JSON body a route takes. */
export type ApiBody<P extends ApiPath, M extends Method> = paths[P][M] extends {
  requestBody?: infer Body;
}
  ? Json<NonNullable<Body>>
  : never;

/** The query parameters a route takes. */
export type ApiQuery<P extends ApiPath, M extends Method = 'get'> = paths[P][M] extends {
  parameters: { query?: infer Query };
}
  ? NonNullable<Query>
  : never;

/** One item of a route's page (`{ items, nextCursor }`) or list. */
export type ApiItem<P extends ApiPath, M extends Method = 'get'> =
  ApiResponse<P, M> extends { items: (infer Item)[] } ? Item : never;

/**
 * A record as its list shows it, with the fields only its single read adds marked optional: one
 * type serves the list page and the detail page.
 */
export type ApiRecord<ListPath extends ApiPath, ReadPath extends ApiPath> = ApiItem<ListPath> &
  Partial<Omit<ApiResponse<ReadPath>, keyof ApiItem<ListPath>>>;
