//! Object storage for batch inputs and proofs, through `object_store`: a
//! local directory (a path or `file://` URL) by default, or an
//! S3-compatible bucket (`s3://bucket/prefix`, credentials and endpoint from
//! the usual `AWS_*` environment variables).
//!
//! Proof objects carry their own SHA-256 (`"slvprf01"`, the 32-byte hash of
//! the proof, the proof), so a corrupted or truncated object is detected
//! before anything parses it.

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use sha2::{Digest as _, Sha256};

use crate::error::ClusterError;

const PROOF_MAGIC: &[u8; 8] = b"slvprf01";

#[derive(Clone)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    prefix: Path,
}

impl Store {
    /// Opens the store named by `url` (see the module docs).
    pub fn open(url: &str) -> Result<Store, ClusterError> {
        let bad = |message: String| ClusterError::StoreUrl {
            url: url.to_string(),
            message,
        };
        let local = |dir: std::path::PathBuf| -> Result<Store, ClusterError> {
            std::fs::create_dir_all(&dir).map_err(|e| bad(e.to_string()))?;
            let fs = object_store::local::LocalFileSystem::new_with_prefix(&dir)
                .map_err(|e| bad(e.to_string()))?;
            Ok(Store {
                inner: Arc::new(fs),
                prefix: Path::default(),
            })
        };
        if !url.contains("://") {
            return local(std::path::PathBuf::from(url));
        }
        let parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        match parsed.scheme() {
            "file" => local(
                parsed
                    .to_file_path()
                    .map_err(|()| bad("not a local path".into()))?,
            ),
            "s3" => {
                let s3 = object_store::aws::AmazonS3Builder::from_env()
                    .with_url(url)
                    .build()
                    .map_err(|e| bad(e.to_string()))?;
                Ok(Store {
                    inner: Arc::new(s3),
                    prefix: Path::from(parsed.path().trim_matches('/')),
                })
            }
            other => Err(bad(format!(
                "unsupported scheme `{other}` (use a path, file:// or s3://)"
            ))),
        }
    }

    fn path(&self, relative: &str) -> Path {
        if self.prefix.as_ref().is_empty() {
            Path::from(relative)
        } else {
            Path::from(format!("{}/{relative}", self.prefix))
        }
    }

    fn error(relative: &str) -> impl FnOnce(object_store::Error) -> ClusterError + '_ {
        move |source| ClusterError::Store {
            path: relative.to_string(),
            source,
        }
    }

    /// The object's bytes, or `None` where there is none.
    pub async fn get(&self, relative: &str) -> Result<Option<Bytes>, ClusterError> {
        match self.inner.get(&self.path(relative)).await {
            Ok(result) => Ok(Some(result.bytes().await.map_err(Self::error(relative))?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Self::error(relative)(e)),
        }
    }

    pub async fn exists(&self, relative: &str) -> Result<bool, ClusterError> {
        match self.inner.head(&self.path(relative)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(Self::error(relative)(e)),
        }
    }

    /// Writes the object whole (a reader never sees part of it).
    pub async fn put(&self, relative: &str, bytes: Vec<u8>) -> Result<(), ClusterError> {
        self.inner
            .put(&self.path(relative), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(Self::error(relative))
    }

    /// Writes the object unless one exists; `false` when one did.
    pub async fn put_new(&self, relative: &str, bytes: Vec<u8>) -> Result<bool, ClusterError> {
        let options = PutOptions {
            mode: PutMode::Create,
            ..Default::default()
        };
        match self
            .inner
            .put_opts(&self.path(relative), PutPayload::from(bytes), options)
            .await
        {
            Ok(_) => Ok(true),
            Err(object_store::Error::AlreadyExists { .. }) => Ok(false),
            Err(e) => Err(Self::error(relative)(e)),
        }
    }

    pub async fn delete(&self, relative: &str) -> Result<(), ClusterError> {
        match self.inner.delete(&self.path(relative)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(Self::error(relative)(e)),
        }
    }
}

/// A proof as stored: magic, SHA-256 of the proof, the proof.
pub fn seal_proof(proof: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(40 + proof.len());
    out.extend_from_slice(PROOF_MAGIC);
    out.extend_from_slice(&Sha256::digest(proof));
    out.extend_from_slice(proof);
    out
}

/// The proof in a stored object and its SHA-256, if the object is intact.
pub fn open_proof(object: &[u8]) -> Option<(&[u8], [u8; 32])> {
    if object.len() < 40 || &object[..8] != PROOF_MAGIC {
        return None;
    }
    let proof = &object[40..];
    let hash: [u8; 32] = Sha256::digest(proof).into();
    (object[8..40] == hash).then_some((proof, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_byte_anywhere_is_detected() {
        let sealed = seal_proof(b"a proof of some length");
        let (proof, _) = open_proof(&sealed).unwrap();
        assert_eq!(proof, b"a proof of some length");
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert!(open_proof(&bad).is_none(), "byte {i}");
        }
        assert!(open_proof(&sealed[..sealed.len() - 1]).is_none());
        assert!(open_proof(&sealed[..39]).is_none());
    }

    #[tokio::test]
    async fn local_store_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().to_str().unwrap()).unwrap();
        assert_eq!(store.get("units/x.proof").await.unwrap(), None);
        assert!(store
            .put_new("units/x.proof", b"one".to_vec())
            .await
            .unwrap());
        assert!(!store
            .put_new("units/x.proof", b"two".to_vec())
            .await
            .unwrap());
        assert_eq!(
            store.get("units/x.proof").await.unwrap().unwrap().as_ref(),
            b"one"
        );
        store.delete("units/x.proof").await.unwrap();
        assert!(!store.exists("units/x.proof").await.unwrap());
        assert!(Store::open("ftp://host/x").is_err());
    }
}
