// What the service worker does on `pushsubscriptionchange`: make sure there is
// a subscription (the event's new one, the current one, or a new one with the
// server's key), register it with the server as the browser's toJSON() (the
// shape POST /api/v1/push/subscriptions takes) and drop the old endpoint.
// The worker's fetches and its borrowed access token are injected.
import { subscriptionBody, type PushManagerLike, type PushSubscriptionLike } from './optin';
import { urlBase64ToUint8Array } from './vapid';

/** What resubscribe needs from the worker. */
export interface ResubscribeDeps {
  newSubscription: PushSubscriptionLike | null | undefined;
  oldSubscription: PushSubscriptionLike | null | undefined;
  pushManager: PushManagerLike;
  /** The server's VAPID public key (base64url), or null when it cannot be read. */
  publicKey(): Promise<string | null>;
  /** An access token borrowed through the refresh cookie, or null when signed out. */
  accessToken(): Promise<string | null>;
  /** POSTs the subscription; resolves to the HTTP status. */
  register(token: string, body: NonNullable<ReturnType<typeof subscriptionBody>>): Promise<number>;
  /** DELETEs a subscription by endpoint; resolves to the HTTP status. */
  unregister(token: string, endpoint: string): Promise<number>;
}

/** How a resubscription ended. */
export type ResubscribeResult = 'registered' | 'signed-out' | 'failed';

/** Re-subscribes and tells the server. Never throws. */
export async function resubscribe(d: ResubscribeDeps): Promise<ResubscribeResult> {
  try {
    let sub = d.newSubscription ?? (await d.pushManager.getSubscription());
    if (!sub) {
      const oldKey = d.oldSubscription?.options?.applicationServerKey;
      const fetched = oldKey ? null : await d.publicKey();
      if (!oldKey && !fetched) return 'failed';
      const applicationServerKey = oldKey ? new Uint8Array(oldKey.slice(0)) : urlBase64ToUint8Array(fetched!);
      sub = await d.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
    }
    const body = subscriptionBody(sub);
    if (!body) return 'failed';
    const token = await d.accessToken();
    if (!token) return 'signed-out';
    const status = await d.register(token, body);
    if (status !== 200 && status !== 201) return 'failed';
    const old = d.oldSubscription?.endpoint;
    if (old && old !== body.endpoint) await d.unregister(token, old).catch(() => 0);
    return 'registered';
  } catch {
    return 'failed';
  }
}
