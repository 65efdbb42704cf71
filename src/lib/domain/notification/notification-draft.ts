import { CRITERIA_QUESTIONS, type CriteriaQuestion } from './notification-options';

// The Serious Incident Notification Form as the page holds it before validation, and a blank
// one. No zod here: the page starts from these and loads the schema (notification-form.ts) after
// its first paint, since building the schemas was a long task on a phone (docs/decisions/014).

export function emptyChild(): DraftChild {
	return {
		name: '',
		otherNames: '',
		dobKnown: '',
		dateOfBirth: '',
		approximateAge: '',
		gender: '',
		ethnicity: ''
	};
}

/** A blank form for a new draft. Choices start unselected so nothing is answered by default. */
export function emptyNotificationForm(): NotificationDraft {
	return {
		notifier: { name: '', role: '', agency: '', phone: '', email: '' },
		awareOn: '',
		incidentDateKnown: '',
		incidentDate: '',
		incidentDateUnknownReason: '',
		incidentType: '',
		seriousIncidentCategory: '',
		location: '',
		children: [emptyChild()],
		legalStatus: '',
		institutionalSetting: '',
		otherChildrenAtRisk: '',
		otherChildrenDetails: '',
		agenciesInvolved: [],
		policeInvolved: '',
		mediaInterest: '',
		criteria: Object.fromEntries(Object.keys(CRITERIA_QUESTIONS).map((k) => [k, ''])) as Record<
			CriteriaQuestion,
			string
		>,
		outline: '',
		declaration: false
	};
}

/** A draft as the page holds it: unanswered choices are empty strings. */
export interface NotificationDraft {
	notifier: { name: string; role: string; agency: string; phone: string; email: string };
	awareOn: string;
	incidentDateKnown: string;
	incidentDate: string;
	incidentDateUnknownReason: string;
	incidentType: string;
	seriousIncidentCategory: string;
	location: string;
	children: DraftChild[];
	legalStatus: string;
	institutionalSetting: string;
	otherChildrenAtRisk: string;
	otherChildrenDetails: string;
	agenciesInvolved: string[];
	policeInvolved: string;
	mediaInterest: string;
	criteria: Record<CriteriaQuestion, string>;
	outline: string;
	declaration: boolean;
}
export interface DraftChild {
	name: string;
	otherNames: string;
	dobKnown: string;
	dateOfBirth: string;
	approximateAge: string;
	gender: string;
	ethnicity: string;
}
