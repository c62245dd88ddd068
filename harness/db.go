package harness

import (
	"context"
	"time"

	mongodrv "go.mongodb.org/mongo-driver/mongo"

	"github.com/smokegate/smokegate/harness/mongo"
)

// Mongo returns the deployment's MongoDB database (SMOKE_MONGODB_URI,
// SMOKE_MONGODB_DB), connected once per test binary and closed after its
// last test. A connection failure is a gate error: the suite cannot check
// the data. What the product keeps there, and which of it the suite may
// write, is the product's code.
func (s *S) Mongo() *mongodrv.Database {
	s.t.Helper()
	db, err := s.TryMongo()
	if err != nil {
		s.GateErrorf("%v", err)
	}
	return db
}

// TryMongo is Mongo for a cleanup, which must not end the test but say
// what it left: it returns the connection error.
func (s *S) TryMongo() (*mongodrv.Database, error) {
	once := &s.run.shared.db
	once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cfg := s.run.cfg
		once.conn, once.err = mongo.Connect(ctx, cfg.MongoURI.Value(), cfg.MongoDB)
		if once.err == nil {
			s.run.shared.add(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = once.conn.Close(ctx)
			})
		}
	})
	if once.err != nil {
		return nil, once.err
	}
	return once.conn.DB, nil
}
