/** Why a running job was told to stop; decides what the worker reports afterwards. */
export type StopReason =
  | { readonly kind: 'timeout'; readonly seconds: number }
  | { readonly kind: 'lost' }
  | { readonly kind: 'shutdown' };
