import * as t from 'io-ts';

export const HealthAnswer = t.type({ status: t.literal('healthy') });

export const DatabaseHealthAnswer = t.type({ status: t.literal('healthy'), database: t.literal('connected') });

export const DatabaseDownAnswer = t.type({ status: t.literal('unhealthy'), database: t.literal('disconnected'), error: t.string });
