// Package mongo connects the suite to a deployment's MongoDB with the
// timeouts a gate needs. What the product keeps there, and which of it
// the suite may write, is the product's own code (for PromptLens,
// smoke/promptlens/internal/store).
package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Conn is an open connection to one database.
type Conn struct {
	client *mongo.Client
	DB     *mongo.Database
}

// Connect opens a connection to the database name and pings it. The URI
// is never part of an error: it may hold credentials.
func Connect(ctx context.Context, uri, name string) (*Conn, error) {
	if uri == "" {
		return nil, fmt.Errorf("connect to MongoDB: no connection string: set it to the deployment's")
	}
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(5*time.Second).SetTimeout(10*time.Second).SetMaxPoolSize(10))
	if err != nil {
		return nil, fmt.Errorf("connect to MongoDB (check the connection string): %w", err)
	}
	if err := client.Ping(ctx, nil); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("ping MongoDB (check the connection string and network access): %w", err)
	}
	return &Conn{client: client, DB: client.Database(name)}, nil
}

// Close disconnects.
func (c *Conn) Close(ctx context.Context) error { return c.client.Disconnect(ctx) }
