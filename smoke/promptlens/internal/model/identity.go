package model

import (
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
)

// ErrIdentityField is returned for a write that would set or change a test
// account's email or _id: the guard's check holds only while the email it
// checked is the one the document keeps.
var ErrIdentityField = errors.New("refused: email and _id of a test account are set by the guard only")

// identityFields are the fields that say whose document it is.
var identityFields = []string{"email", "_id"}

func isIdentity(field string) bool {
	for _, f := range identityFields {
		if field == f || strings.HasPrefix(field, f+".") {
			return true
		}
	}
	return false
}

// checkExtra refuses a created user's extra fields that name an identity
// field.
func checkExtra(extra bson.M) error {
	for k := range extra {
		if isIdentity(k) {
			return fmt.Errorf("%w: CreateUser's extra fields set %q; drop it (the email argument is the account)", ErrIdentityField, k)
		}
	}
	return nil
}

// checkUpdate refuses an update that touches an identity field under any
// operator ($set, $setOnInsert, $unset, $rename to or from it, ...) or as
// a replacement document. It reads the update as BSON, so bson.M, bson.D
// and structs are all seen.
func checkUpdate(update any) error {
	raw, err := bson.Marshal(update)
	if err != nil {
		return fmt.Errorf("update test user: %w", err)
	}
	elems, err := bson.Raw(raw).Elements()
	if err != nil {
		return fmt.Errorf("update test user: %w", err)
	}
	for _, e := range elems {
		if !strings.HasPrefix(e.Key(), "$") {
			return fmt.Errorf("update test user: %q is not an update operator; use $set and the like (a replacement could change the email)", e.Key())
		}
		doc, ok := e.Value().DocumentOK()
		if !ok {
			return fmt.Errorf("update test user: %s takes a document of fields", e.Key())
		}
		fields, err := doc.Elements()
		if err != nil {
			return fmt.Errorf("update test user: %w", err)
		}
		for _, f := range fields {
			target, _ := f.Value().StringValueOK() // $rename's new name
			if isIdentity(f.Key()) || (e.Key() == "$rename" && isIdentity(target)) {
				return fmt.Errorf("%w: the update's %s touches %q; update other fields only", ErrIdentityField, e.Key(), touched(f.Key(), target))
			}
		}
	}
	return nil
}

func touched(field, target string) string {
	if isIdentity(field) {
		return field
	}
	return target
}

// ownedCollections hold a user's data by userId, deleted before the user
// in this order: children first, so an interrupted delete leaves no
// orphan whose owner is gone.
var ownedCollections = []string{"prompts", "passwordResetTokens"}

// deletion is one step of DeleteAccount.
type deletion struct {
	coll   string
	filter bson.M
}

// deletePlan is the steps that remove the account with this id.
func deletePlan(id any) []deletion {
	var plan []deletion
	for _, c := range ownedCollections {
		plan = append(plan, deletion{c, bson.M{"userId": bson.M{"$in": bson.A{id, idString(id)}}}})
	}
	return append(plan, deletion{"users", bson.M{"_id": id}})
}

// AccountCollections are the collections DeleteAccount removes from, in its
// order: the owned ones, then users.
func AccountCollections() []string {
	return append(append([]string(nil), ownedCollections...), "users")
}
