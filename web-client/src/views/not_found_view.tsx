import { useI18n } from '../i18n/i18n';
import { linkHandler, useNavigate } from '../navigation';

export function NotFoundView({ path }: { path: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <section class="panel narrow" aria-labelledby="nf-title">
      <h1 id="nf-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
      <p>
        <a href="/" onClick={linkHandler(navigate, '/')}>
          {t('notFound.home')}
        </a>
      </p>
    </section>
  );
}
