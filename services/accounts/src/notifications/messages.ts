import { referenceEconomies } from '@ccp/kit';
import type { Role } from '../model/user.js';
import type { LocalizedText, NotificationContent } from './notifier.js';

// What accounts itself says in e-mails, in English and Russian.

const clusterName = (names: Record<string, string> | undefined, id: string): LocalizedText => ({
  en: names?.en ?? id,
  ru: names?.ru ?? names?.en ?? id,
});

function economyName(code: string): LocalizedText {
  const economy = referenceEconomies().find((e) => e.code === code);
  return { en: economy?.name.en ?? code, ru: economy?.name.ru ?? economy?.name.en ?? code };
}

export function emailVerification(token: string): NotificationContent {
  return {
    kind: 'email-verification',
    subject: { en: 'Confirm your e-mail address', ru: 'Подтвердите адрес электронной почты' },
    text: {
      en: 'Welcome to the APEC Cluster Collaboration Platform. Confirm your e-mail address by opening this link within 24 hours:',
      ru: 'Добро пожаловать на Платформу сотрудничества кластеров АТЭС. Подтвердите адрес электронной почты, открыв эту ссылку в течение 24 часов:',
    },
    link: `/verify-email?token=${token}`,
  };
}

export function passwordReset(token: string): NotificationContent {
  return {
    kind: 'password-reset',
    subject: { en: 'Reset your password', ru: 'Сброс пароля' },
    text: {
      en: 'Someone asked to reset the password of your account. To choose a new one, open this link within 1 hour. If it was not you, ignore this e-mail: your password stays as it is.',
      ru: 'Кто-то запросил сброс пароля вашей учётной записи. Чтобы задать новый пароль, откройте эту ссылку в течение 1 часа. Если это были не вы, просто проигнорируйте письмо: пароль не изменится.',
    },
    link: `/reset-password?token=${token}`,
  };
}

export interface GrantedScope {
  role: Role;
  clusterId?: string | null;
  clusterNames?: Record<string, string>;
  economy?: string | null;
}

export function roleGranted({ role, clusterId, clusterNames, economy }: GrantedScope): NotificationContent {
  const kind = 'role-granted';
  if (role === 'cluster-manager' && clusterId) {
    const name = clusterName(clusterNames, clusterId);
    return {
      kind,
      subject: { en: `You now manage ${name.en}`, ru: `Вы — менеджер кластера «${name.ru}»` },
      text: {
        en: `You are now a manager of the cluster ${name.en} on the APEC Cluster Collaboration Platform: you can edit its profile.`,
        ru: `Теперь вы менеджер кластера «${name.ru}» на Платформе сотрудничества кластеров АТЭС и можете редактировать его профиль.`,
      },
      link: `/clusters/${encodeURIComponent(clusterId)}`,
    };
  }
  if (role === 'economy-coordinator' && economy) {
    const name = economyName(economy);
    return {
      kind,
      subject: { en: `You coordinate ${name.en}`, ru: `Вы — координатор: ${name.ru}` },
      text: {
        en: `You were appointed the coordinator of ${name.en} on the APEC Cluster Collaboration Platform: you publish its clusters and edit its economy page.`,
        ru: `Вы назначены координатором экономики «${name.ru}» на Платформе сотрудничества кластеров АТЭС: вы публикуете её кластеры и редактируете страницу экономики.`,
      },
      link: `/economies/${economy}`,
    };
  }
  if (role === 'secretariat') {
    return {
      kind,
      subject: { en: 'You joined the APEC secretariat', ru: 'Вы в секретариате АТЭС' },
      text: {
        en: 'Your account now has the secretariat role on the APEC Cluster Collaboration Platform.',
        ru: 'Вашей учётной записи на Платформе сотрудничества кластеров АТЭС назначена роль секретариата.',
      },
    };
  }
  return {
    kind,
    subject: { en: 'You are a member', ru: 'Вы — участник' },
    text: {
      en: 'Your account is now a member of the APEC Cluster Collaboration Platform.',
      ru: 'Ваша учётная запись стала участником Платформы сотрудничества кластеров АТЭС.',
    },
  };
}

/** To an address: register (or verify the account's address) with it to accept. */
export function coManagerInvitation(
  clusterId: string,
  clusterNames: Record<string, string> | undefined,
): NotificationContent {
  const name = clusterName(clusterNames, clusterId);
  return {
    kind: 'co-manager-invitation',
    subject: {
      en: `You are invited to co-manage ${name.en}`,
      ru: `Приглашение стать менеджером кластера «${name.ru}»`,
    },
    text: {
      en: `A manager of the cluster ${name.en} invited you to co-manage its profile on the APEC Cluster Collaboration Platform. Register with this e-mail address (or confirm it, if your account already has it) within 14 days to accept:`,
      ru: `Менеджер кластера «${name.ru}» пригласил вас вместе вести его профиль на Платформе сотрудничества кластеров АТЭС. Чтобы принять приглашение, зарегистрируйтесь с этим адресом (или подтвердите его, если он уже указан в вашей учётной записи) в течение 14 дней:`,
    },
    link: '/register',
  };
}

/** To an account whose verified address was invited: the role is granted at once. */
export function coManagerGranted(
  clusterId: string,
  clusterNames: Record<string, string> | undefined,
): NotificationContent {
  const name = clusterName(clusterNames, clusterId);
  return {
    kind: 'co-manager-invitation',
    subject: { en: `You now co-manage ${name.en}`, ru: `Вы — менеджер кластера «${name.ru}»` },
    text: {
      en: `A manager of the cluster ${name.en} invited you to co-manage it: you are now one of its managers on the APEC Cluster Collaboration Platform.`,
      ru: `Менеджер кластера «${name.ru}» пригласил вас вместе вести его профиль: теперь вы один из его менеджеров на Платформе сотрудничества кластеров АТЭС.`,
    },
    link: `/clusters/${encodeURIComponent(clusterId)}`,
  };
}
