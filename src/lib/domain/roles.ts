export const ROLES = ['practitioner', 'agency', 'unit', 'chair', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	practitioner: 'Practitioner',
	agency: 'Agency safeguarding lead',
	unit: 'Safeguarding Unit',
	chair: 'LSCB Chair',
	admin: 'System administrator'
};

/** Where each role lands after signing in. */
export const HOME_BY_ROLE: Record<Role, string> = {
	practitioner: '/notifications',
	agency: '/agency',
	unit: '/unit/queue',
	chair: '/chair',
	admin: '/admin/users'
};
