// Me → Notifications: whether this device shows push notifications, and the
// one button that changes it. The browser's permission prompt appears only
// after "Turn on notifications" is tapped. On an iPhone or iPad in Safari the
// screen explains that the app must be on the Home Screen first.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { problemMessage } from '../api/problem';
import { Button, FormMessage, Page } from '../shared/ui';
import { StateBadgeView } from '../shared/widgets';
import type { StateBadge } from '../scenes/consent';
import { detectPush, syncPush, turnOffPush, turnOnPush, type PushStatus } from './optin';
import { apiPushServer, browserPushEnv } from './device';

const BADGES: Record<PushStatus, StateBadge> = {
  checking: { tone: 'grey', label: 'push.state.checking', icon: 'clock' },
  unsupported: { tone: 'grey', label: 'push.state.unsupported', icon: 'dash' },
  'needs-home-screen': { tone: 'amber', label: 'push.state.needsHomeScreen', icon: 'clock' },
  'not-asked': { tone: 'grey', label: 'push.state.notAsked', icon: 'dash' },
  off: { tone: 'grey', label: 'push.state.off', icon: 'dash' },
  on: { tone: 'green', label: 'push.state.on', icon: 'check' },
  blocked: { tone: 'red', label: 'push.state.blocked', icon: 'cross' },
};

const EXPLAIN: Record<PushStatus, MessageKey> = {
  checking: 'common.loading',
  unsupported: 'push.explain.unsupported',
  'needs-home-screen': 'push.explain.needsHomeScreen',
  'not-asked': 'push.explain.notAsked',
  off: 'push.explain.off',
  on: 'push.explain.on',
  blocked: 'push.explain.blocked',
};

/** The state of push on this device, as a badge (colour, word and icon). */
export function pushBadge(status: PushStatus): StateBadge {
  return BADGES[status];
}

type Notice = { tone: 'success' | 'info' | 'error'; text: string } | null;

/** The notification settings screen. */
export function PushSettings() {
  const env = useMemo(browserPushEnv, []);
  const [status, setStatus] = useState<PushStatus>('checking');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    let live = true;
    void detectPush(env).then((s) => {
      if (!live) return;
      setStatus(s);
      // Keeps the server in step with this device's subscription.
      if (s === 'on') void syncPush(env, apiPushServer);
    });
    return () => {
      live = false;
    };
  }, [env]);

  async function on() {
    setBusy(true);
    setNotice(null);
    const r = await turnOnPush(env, apiPushServer);
    setBusy(false);
    setStatus(r.status);
    if (r.problem) setNotice({ tone: 'error', text: problemMessage(r.problem) });
    else if (r.status === 'on') setNotice({ tone: 'success', text: t('push.turnedOn') });
    else if (r.status === 'not-asked') setNotice({ tone: 'info', text: t('push.notAllowedYet') });
  }

  async function off() {
    setBusy(true);
    setNotice(null);
    const r = await turnOffPush(env, apiPushServer);
    setBusy(false);
    setStatus(r.status);
    setNotice({ tone: 'success', text: t('push.turnedOff') });
  }

  const canTurnOn = status === 'not-asked' || status === 'off';
  return (
    <Page
      title={t('push.title')}
      actions={
        canTurnOn ? (
          <Button onClick={on} busy={busy}>
            {busy ? t('push.turningOn') : t('push.turnOn')}
          </Button>
        ) : status === 'on' ? (
          <Button variant="secondary" onClick={off} busy={busy}>
            {busy ? t('push.turningOff') : t('push.turnOff')}
          </Button>
        ) : undefined
      }
    >
      <p class="push-why">{t('push.why')}</p>
      <div class="scene-state" role="status" aria-live="polite" data-testid="push-state">
        <StateBadgeView badge={pushBadge(status)} large />
      </div>
      <p>{t(EXPLAIN[status])}</p>
      {status === 'needs-home-screen' ? (
        <ol class="steps-plain">
          <li>{t('push.ios.step1')}</li>
          <li>{t('push.ios.step2')}</li>
          <li>{t('push.ios.step3')}</li>
        </ol>
      ) : null}
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}
      <p class="muted">{t('push.discreet')}</p>
      <p class="muted">{t('push.inboxAlways')}</p>
    </Page>
  );
}
