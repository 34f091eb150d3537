/**
 * OpenTelemetry semantic-convention names we use. The messaging conventions
 * are still "Development": the semantic-conventions package exports them only
 * from its `incubating` entry and asks instrumentations to copy them, which is
 * what this file does (values as of semantic-conventions 1.45.0).
 */

/** `messaging.system.name` (replaces the deprecated `messaging.system`). */
export const ATTR_MESSAGING_SYSTEM_NAME = 'messaging.system.name';
/** `messaging.operation.type`: create | send | receive | process | settle. */
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
/** `messaging.operation.name`: the system's own name for the operation (call, cast, info, system). */
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
/** `messaging.destination.name`: the registered name, else the behaviour. */
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
/** `messaging.destination.anonymous`: true for a process with no registered name. */
export const ATTR_MESSAGING_DESTINATION_ANONYMOUS = 'messaging.destination.anonymous';
/** `messaging.message.conversation_id`: a call's tag. */
export const ATTR_MESSAGING_MESSAGE_CONVERSATION_ID = 'messaging.message.conversation_id';
/** `messaging.client.id`: the process handling the message (span attribute only, never a metric label). */
export const ATTR_MESSAGING_CLIENT_ID = 'messaging.client.id';
/** `error.type`. */
export const ATTR_ERROR_TYPE = 'error.type';
/** The `process` operation type. */
export const MESSAGING_OPERATION_TYPE_VALUE_PROCESS = 'process';
/** `messaging.process.duration` histogram (seconds). */
export const METRIC_MESSAGING_PROCESS_DURATION = 'messaging.process.duration';
/** `messaging.client.consumed.messages` counter. */
export const METRIC_MESSAGING_CLIENT_CONSUMED_MESSAGES = 'messaging.client.consumed.messages';
/** `messaging.client.sent.messages` counter. */
export const METRIC_MESSAGING_CLIENT_SENT_MESSAGES = 'messaging.client.sent.messages';

/** Our value of `messaging.system.name`. */
export const MESSAGING_SYSTEM = 'otpscope';

/** otpscope's own attributes (not semantic conventions). */
export const ATTR_OTP_BEHAVIOUR = 'otp.behaviour';
/** The process's label (`self.setLabel`), as text; set only on labelled processes. */
export const ATTR_OTP_PROCESS_LABEL = 'otp.process.label';
/** How the handling ended: reply | noreply | stop | crash | start. */
export const ATTR_OTP_OUTCOME = 'otp.outcome';
/** The message's shape (DOWN, EXIT, timeout, or the payload's type), never its content. */
export const ATTR_OTP_MESSAGE_TYPE = 'otp.message.type';
/** The exit reason of a crash, redacted and size-limited. */
export const ATTR_OTP_EXIT_REASON = 'otp.exit.reason';
/** A message payload, only when payload capture is on (through the redactor). */
export const ATTR_OTP_MESSAGE_PAYLOAD = 'otp.message.payload';
