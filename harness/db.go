package harness

import (
	"context"
	"sync"
	"time"

	"github.com/smokegate/smokegate/harness/mongo"
)

var dbOnce struct {
	sync.Once
	db  *mongo.DB
	err error
}

// DB returns the guarded MongoDB client, connected once per test binary.
// A connection failure is a gate error: the suite cannot check the data.
func (s *S) DB() *mongo.DB {
	s.t.Helper()
	dbOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cfg := s.run.cfg
		dbOnce.db, dbOnce.err = mongo.Connect(ctx, cfg.MongoURI.Value(), cfg.MongoDB, cfg.AccountPattern)
		if dbOnce.err == nil {
			s.run.shared.add(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = dbOnce.db.Close(ctx)
			})
		}
	})
	if dbOnce.err != nil {
		s.GateErrorf("%v", dbOnce.err)
	}
	return dbOnce.db
}
