// What the access tools' API sends: names for the generated API types (shared/api-types.gen.ts).
import type { ApiResponse } from '../../shared/api-types.ts';

export type Explanation = ApiResponse<'/api/staff/access/explain'>;
export type RecordType = Explanation['record']['type'];
export type ActionExplanation = Explanation['actions'][number];
export type AccessPath = ActionExplanation['paths'][number];

export type ContactAccess = ApiResponse<'/api/staff/access/contacts/{id}'>;

export type Review = ApiResponse<'/api/staff/access/review'>;
export type ReviewItem = Review['items'][number];
export type ReviewPath = ReviewItem['paths'][number];
