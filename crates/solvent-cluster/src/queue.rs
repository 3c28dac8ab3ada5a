//! The NATS JetStream side: the units work queue with the workers' durable
//! pull consumer (explicit acks, ack wait, a delivery limit), and the stream
//! of results each run's coordinator reads with its own durable consumer.

use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};
use bytes::Bytes;

use crate::error::ClusterError;
use crate::wire::{self, DoneMessage, UnitMessage};

/// How long a unit may go without an ack or a progress report before it is
/// delivered to another worker, and how many deliveries it gets.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub ack_wait: Duration,
    pub max_deliver: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
        }
    }
}

pub struct Queue {
    pub client: async_nats::Client,
    pub js: jetstream::Context,
}

impl Queue {
    pub async fn connect(url: &str) -> Result<Queue, ClusterError> {
        let client = async_nats::ConnectOptions::new()
            .name("solvent")
            .connect(url)
            .await
            .map_err(ClusterError::nats("connecting"))?;
        let js = jetstream::new(client.clone());
        Ok(Queue { client, js })
    }

    /// The units stream (created if missing).
    pub async fn units_stream(&self) -> Result<stream::Stream, ClusterError> {
        self.js
            .get_or_create_stream(stream::Config {
                name: wire::UNITS_STREAM.into(),
                subjects: vec![wire::UNITS_SUBJECTS.into()],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                ..Default::default()
            })
            .await
            .map_err(ClusterError::nats("creating the units stream"))
    }

    /// The results stream (created if missing); results are kept a week.
    pub async fn done_stream(&self) -> Result<stream::Stream, ClusterError> {
        self.js
            .get_or_create_stream(stream::Config {
                name: wire::DONE_STREAM.into(),
                subjects: vec![wire::DONE_SUBJECTS.into()],
                retention: stream::RetentionPolicy::Limits,
                storage: stream::StorageType::File,
                max_age: Duration::from_secs(7 * 24 * 3600),
                ..Default::default()
            })
            .await
            .map_err(ClusterError::nats("creating the results stream"))
    }

    fn workers_config(limits: Limits) -> consumer::pull::Config {
        consumer::pull::Config {
            durable_name: Some(wire::WORKERS.into()),
            ack_policy: consumer::AckPolicy::Explicit,
            ack_wait: limits.ack_wait,
            max_deliver: limits.max_deliver,
            ..Default::default()
        }
    }

    /// The coordinator's view: the workers' consumer, created with
    /// `limits` or changed to them. A change the server does not apply is
    /// made by creating the consumer again: units are idempotent, and the
    /// work queue keeps every unacknowledged one for the new consumer.
    pub async fn set_limits(&self, limits: Limits) -> Result<(), ClusterError> {
        let stream = self.units_stream().await?;
        let config = Self::workers_config(limits);
        let applied = |info: &consumer::Info| {
            info.config.ack_wait == limits.ack_wait && info.config.max_deliver == limits.max_deliver
        };
        let existing = stream
            .get_or_create_consumer::<consumer::pull::Config>(wire::WORKERS, config.clone())
            .await
            .map_err(ClusterError::nats("creating the workers' consumer"))?;
        if applied(existing.cached_info()) {
            return Ok(());
        }
        let updated = stream
            .update_consumer(config.clone())
            .await
            .map(|c: consumer::PullConsumer| applied(c.cached_info()))
            .unwrap_or(false);
        let info = stream
            .consumer_info(wire::WORKERS)
            .await
            .map_err(ClusterError::nats("reading the workers' consumer"))?;
        if updated && applied(&info) {
            return Ok(());
        }
        tracing::info!("recreating the workers' consumer with the new ack wait and delivery limit");
        stream
            .delete_consumer(wire::WORKERS)
            .await
            .map_err(ClusterError::nats("replacing the workers' consumer"))?;
        stream
            .create_consumer(config)
            .await
            .map(|_: consumer::PullConsumer| ())
            .map_err(ClusterError::nats("replacing the workers' consumer"))
    }

    /// A worker's view: the workers' consumer, once a coordinator has
    /// created it (polled every two seconds).
    pub async fn workers(&self) -> Result<consumer::PullConsumer, ClusterError> {
        let stream = self.units_stream().await?;
        let mut said = false;
        loop {
            match stream.get_consumer(wire::WORKERS).await {
                Ok(consumer) => return Ok(consumer),
                Err(e) => {
                    if !said {
                        tracing::info!("waiting for a coordinator to open the work queue ({e})");
                        said = true;
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                }
            }
        }
    }

    /// The run's coordinator consumer on the results stream: durable, so a
    /// restarted coordinator gets the results it had not acknowledged.
    pub async fn results(&self, run: &str) -> Result<consumer::PullConsumer, ClusterError> {
        let name = format!("coordinator-{run}");
        self.done_stream()
            .await?
            .get_or_create_consumer(
                &name,
                consumer::pull::Config {
                    durable_name: Some(name.clone()),
                    ack_policy: consumer::AckPolicy::Explicit,
                    filter_subject: wire::done_subject(run),
                    ..Default::default()
                },
            )
            .await
            .map_err(ClusterError::nats("opening the results consumer"))
    }

    /// Publishes a unit; `message_id` lets JetStream drop a repeated publish.
    pub async fn publish_unit(
        &self,
        unit: &UnitMessage,
        message_id: &str,
    ) -> Result<u64, ClusterError> {
        let payload = Bytes::from(serde_json::to_vec(unit).expect("serializes"));
        let ack = self
            .js
            .send_publish(
                wire::units_subject(&unit.run),
                jetstream::message::PublishMessage::build()
                    .payload(payload)
                    .message_id(message_id),
            )
            .await
            .map_err(ClusterError::nats("publishing a unit"))?
            .await
            .map_err(ClusterError::nats("publishing a unit"))?;
        Ok(ack.sequence)
    }

    pub async fn publish_done(&self, done: &DoneMessage) -> Result<(), ClusterError> {
        let payload = Bytes::from(serde_json::to_vec(done).expect("serializes"));
        self.js
            .publish(wire::done_subject(&done.run), payload)
            .await
            .map_err(ClusterError::nats("publishing a result"))?
            .await
            .map_err(ClusterError::nats("publishing a result"))?;
        Ok(())
    }
}
