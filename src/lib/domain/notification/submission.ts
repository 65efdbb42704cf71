import { z } from 'zod';
import { notificationFormSchema } from './notification-form';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What the device sends: its own id for the form (so retries are the same record) and the form. */
export const notificationSubmissionSchema = z.object({
	id: z
		.string()
		.regex(UUID_V7, 'The form identifier is not valid. Start a new notification and try again.'),
	form: notificationFormSchema
});
export type NotificationSubmission = z.input<typeof notificationSubmissionSchema>;
