// Package objstore reads an S3-compatible bucket (Cloudflare R2, or the
// sandbox's) with minio-go: list objects and read one, each call under a
// deadline. It only reads: the backups the suite checks are the
// product's, never the suite's to change.
package objstore
