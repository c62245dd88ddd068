package harness

import (
	"context"
	"net/url"
	"regexp"
	"time"

	"github.com/smokegate/smokegate/harness/mail"
)

// MailWait is how long AwaitLink looks for a mail when the check gives
// no limit on its arrival.
const MailWait = 20 * time.Second

// LinkMail is a mail a check waits for in the test mailbox
// (SMOKE_MAILPIT_URL) to follow the link it holds: a password reset's.
type LinkMail struct {
	What string         // what the mail is, for messages: "reset mail"
	To   string         // the test account it is sent to
	Link *regexp.Regexp // the link in its text or HTML
	Sent time.Time      // when the check asked for it
	// Limit, when set, names the runbook's limit on its arrival, checked
	// with S.Limit on the mailbox's own arrival time; AwaitLink then looks
	// for twice as long, so a slow machine is told apart from a late mail.
	Limit string
}

// AwaitLink waits for the mail, registers its link and the link's token
// as secrets before anything can print them, keeps the mail as evidence
// (redacted), has it deleted when the test ends, and returns the link
// and its token query parameter. No mail in time is a product failure; a
// mailbox that does not answer is a gate error.
func AwaitLink(s *S, m LinkMail) (link, token string) {
	s.t.Helper()
	wait := MailWait
	if m.Limit != "" {
		wait = 2 * s.LimitOf(m.Limit)
	}
	cfg := s.Config()
	box := mail.New(cfg.MailpitURL, cfg.TLS())
	ctx, cancel := context.WithTimeout(s.Ctx(), wait)
	defer cancel()
	msg, err := box.Await(ctx, m.To)
	if err != nil { // the mailbox failing to answer is the gate's; no mail is the product's
		s.Failf("no %s for %s within %s: %v", m.What, m.To, wait, Own(err, "the test's own mailbox access failed, not the product: check SMOKE_MAILPIT_URL"))
	}
	s.t.Cleanup(func() { // no sweep removes a mail, so none is listed as left behind
		if err := s.cleanupStep(func(ctx context.Context) error { return box.Delete(ctx, msg.ID) }); err != nil {
			s.t.Logf("cleanup: delete the %s failed: %v", m.What, err)
		}
	})
	link = s.Secret("mail-link", m.Link.FindString(msg.Text+" "+msg.HTML))
	s.secretsInURL(link)
	s.Evidence(m.What+".txt", []byte(msg.Subject+"\n\n"+msg.Text))
	if m.Limit != "" {
		s.Limit(m.Limit, "the "+m.What+"'s arrival in the mailbox", msg.Created.Sub(m.Sent))
	}
	if link == "" {
		s.Failf("the %s %q to %s holds no link like %s", m.What, msg.Subject, m.To, m.Link)
	}
	s.Step("%s %q arrived", m.What, msg.Subject)
	u, err := url.Parse(link)
	if err != nil {
		s.Failf("the %s's link does not parse: %v", m.What, err)
	}
	token = u.Query().Get("token")
	if token == "" {
		s.Failf("the %s's link carries no token", m.What)
	}
	return link, token
}
