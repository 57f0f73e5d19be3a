export { parseNotifyConfig, readNotifyConfig, type ChannelConfig, type ChannelType, type NotifyConfig, type PagerDutySeverity } from './config';
export { channelWants, notificationFor, notificationKey, notificationKind, planSummary, type Notification, type NotificationEvent, type NotificationKind, type PlanSummary } from './notification';
export { outboxState, readOutboxLine, type AttemptRecord, type OutboxItem } from './outboxRecord';
export { pagerDutyEvent, slackMessage, summaryLine, webhookBody, type PagerDutyEvent, type SlackMessage, type WebhookBody } from './payloads';
export { DEFAULT_RETRY_POLICY, classifyAnswer, retryAfterMs, retryDelayMs, type DeliveryAnswer, type RetryPolicy } from './retry';
export { channelFor, escalationWarnings, type EscalationWarning } from './route';
export { Secret } from './secret';
