// "Me": the account, the person's productions (with "Leave"), notifications
// on this device and by e-mail, the person's debriefs, links to the performer's boundaries
// per production, the theme choice, their record, deleting the account and
// signing out.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { Me } from '../api/types';
import { signOut } from '../auth/session';
import { Button, Page } from '../shared/ui';
import { Detail } from '../shared/details';
import { navigate } from '../shared/router';
import { setTheme, themeChoice, type ThemeChoice } from '../shared/theme';
import { useStore } from '../shared/store';
import { detectPush, type PushStatus } from '../push/optin';
import { browserPushEnv } from '../push/device';
import { pushBadge } from '../push/PushSettings';
import { DeleteAccount, MyProductions, MyRecord } from './AccountSections';
import { EmailSettings } from './EmailSettings';
import { appConfig } from '../shared/config';

const THEMES: { value: ThemeChoice; label: () => string }[] = [
  { value: 'dark', label: () => t('me.themeDark') },
  { value: 'light', label: () => t('me.themeLight') },
  { value: 'system', label: () => t('me.themeSystem') },
];

/** Shows the signed-in person's account. */
export function MePage(props: { me: Me }) {
  const choice = useStore(themeChoice);
  const config = useStore(appConfig);
  const notifyHeading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const performing = props.me.memberships.filter((m) => m.role === 'performer');
  const [push, setPush] = useState<PushStatus>('checking');
  useEffect(() => {
    let live = true;
    void detectPush(browserPushEnv()).then((s) => live && setPush(s));
    return () => {
      live = false;
    };
  }, []);

  // E-mails link to /me#notifications: that section comes into view and takes focus.
  useEffect(() => {
    if (window.location.hash !== '#notifications') return;
    notifyHeading.current?.closest('section')?.scrollIntoView({ block: 'start' });
    notifyHeading.current?.focus({ preventScroll: true });
  }, []);

  async function out() {
    setBusy(true);
    await signOut();
    navigate('/signin', { replace: true });
  }

  return (
    <Page title={t('me.title')}>
      <section class="section" aria-labelledby="account-heading">
        <h2 id="account-heading" class="section-title">
          {t('me.account')}
        </h2>
        <dl class="details">
          <Detail label={t('me.displayName')}>{props.me.displayName}</Detail>
          <Detail label={t('me.email')} clip={props.me.email}>{props.me.email}</Detail>
          <Detail label={t('me.pronouns')}>{props.me.pronouns || t('me.pronounsNone')}</Detail>
        </dl>
        {/* issue 13 B: a plain button at the end of the account section, not the pinned bottom button */}
        <Button variant="secondary" class="section-button" onClick={out} busy={busy}>
          {busy ? t('me.signingOut') : t('me.signout')}
        </Button>
      </section>
      <MyProductions me={props.me} />
      <section id="notifications" class="section" aria-labelledby="notify-heading">
        <h2 id="notify-heading" class="section-title" tabIndex={-1} ref={notifyHeading}>
          {t('me.notifications')}
        </h2>
        <ul class="list">
          <li>
            <a class="list-row list-link" href="/me/notifications">
              <span class="list-main">
                <span class="list-title">{t('me.pushLink')}</span>
                <span class="list-sub">{t(pushBadge(push).label)}</span>
              </span>
              <span class="link-hint">{t('me.open')}</span>
            </a>
          </li>
        </ul>
        {config.emailEnabled ? <EmailSettings /> : null}
      </section>
      <section class="section" aria-labelledby="debriefs-heading">
        <h2 id="debriefs-heading" class="section-title">
          {t('me.debriefs')}
        </h2>
        <ul class="list">
          <li>
            <a class="list-row list-link" href="/me/debriefs">
              <span class="list-main">
                <span class="list-title">{t('me.debriefsLink')}</span>
                <span class="list-sub">{t('me.debriefsHint')}</span>
              </span>
              <span class="link-hint">{t('me.open')}</span>
            </a>
          </li>
        </ul>
      </section>
      {performing.length ? (
        <section class="section" aria-labelledby="boundaries-heading">
          <h2 id="boundaries-heading" class="section-title">
            {t('me.boundaries')}
          </h2>
          <p class="muted">{t('me.boundariesHint')}</p>
          <ul class="list">
            {performing.map((m) => (
              <li key={m.productionId}>
                <a class="list-row list-link" href={`/productions/${encodeURIComponent(m.productionId)}/boundaries`}>
                  <span class="list-main">
                    <span class="list-title">{m.productionTitle}</span>
                    <span class="list-sub">{t('me.boundariesLink')}</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <fieldset class="section choice-group">
        <legend class="section-title">{t('me.theme')}</legend>
        {THEMES.map((o) => (
          <label key={o.value} class="choice">
            <input
              type="radio"
              name="theme"
              value={o.value}
              checked={choice === o.value}
              onChange={() => setTheme(o.value)}
            />
            <span>{o.label()}</span>
          </label>
        ))}
      </fieldset>
      <MyRecord />
      <DeleteAccount />
    </Page>
  );
}
