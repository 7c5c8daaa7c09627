import { describe, expect, it } from 'vitest';
import { defaultQueueConfig, loadQueueConfig, queueConfigFromScale } from './queue-config.js';

describe('queue config', () => {
  it('defaults without flags or environment', () => {
    expect(loadQueueConfig({}, {})).toEqual(defaultQueueConfig);
  });

  it('flags win over the environment, which wins over the defaults', () => {
    const env = { ROILENS_NATS_URL: 'n1:4222, n2:4222', ROILENS_NATS_STREAM: 'ENV_STREAM', ROILENS_QUEUE_REPLICAS: '3' };
    const config = loadQueueConfig({ stream: 'FLAG_STREAM' }, env);
    expect(config.servers).toEqual(['n1:4222', 'n2:4222']);
    expect(config.stream).toBe('FLAG_STREAM');
    expect(config.replicas).toBe(3);
    expect(config.subjectPrefix).toBe('roilens.events');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the bad setting', () => {
    expect(() => loadQueueConfig({ stream: 'a.b' }, {})).toThrow(/--stream/);
    expect(() => loadQueueConfig({ subject: 'a..b' }, {})).toThrow(/--subject/);
    expect(() => loadQueueConfig({ consumer: 'x y' }, {})).toThrow(/--consumer/);
    expect(() => loadQueueConfig({}, { ROILENS_QUEUE_REPLICAS: '0' })).toThrow(/ROILENS_QUEUE_REPLICAS/);
    expect(() => loadQueueConfig({ nats: ' , ' }, {})).toThrow(/ROILENS_NATS_URL/);
  });

  it('takes the nats section of a scale configuration', () => {
    expect(queueConfigFromScale({ servers: 'nats://a:4222,nats://b:4222', stream: 'S1' }, {})).toEqual({ ...defaultQueueConfig, servers: ['nats://a:4222', 'nats://b:4222'], stream: 'S1' });
    expect(queueConfigFromScale({ servers: ['nats://a:4222'], stream: 'S2' }, {}).servers).toEqual(['nats://a:4222']);
  });

  it('a scale configuration takes subject, consumer and size limit from the environment; the file wins for servers and stream', () => {
    const env = { ROILENS_NATS_URL: 'env:4222', ROILENS_NATS_STREAM: 'ENV', ROILENS_QUEUE_SUBJECT: 'shop2.events', ROILENS_QUEUE_CONSUMER: 'w2', ROILENS_QUEUE_MAX_BYTES: '1048576' };
    expect(queueConfigFromScale({ servers: 'nats://a:4222', stream: 'S3' }, env)).toEqual({
      ...defaultQueueConfig, servers: ['nats://a:4222'], stream: 'S3', subjectPrefix: 'shop2.events', durable: 'w2', maxStreamBytes: 1_048_576,
    });
    // A subject named in the file wins over the environment's.
    expect(queueConfigFromScale({ servers: 'nats://a:4222', stream: 'S3', subject: 'shop3.events' }, env).subjectPrefix).toBe('shop3.events');
  });
});
