// Screens that exist only when the server sends e-mail (forgot password, the
// reset page): while the configuration is asked they show their frame; when
// e-mail is off they send the person to sign in.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { t } from '../i18n';
import { Page, SkeletonRows } from '../shared/ui';
import { appConfig } from '../shared/config';
import { navigate } from '../shared/router';
import { useStore } from '../shared/store';

/** Renders children when e-mail is on; the sign-in screen when it is off. */
export function EmailOnly(props: { title: string; children: ComponentChildren }) {
  const config = useStore(appConfig);
  const off = config.loaded && !config.emailEnabled;
  useLayoutEffect(() => {
    if (off) navigate('/signin', { replace: true });
  }, [off]);
  if (config.emailEnabled) return <>{props.children}</>;
  if (off) return null;
  return (
    <Page title={props.title}>
      <SkeletonRows count={2} label={t('common.loading')} />
    </Page>
  );
}
