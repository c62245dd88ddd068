// Package browser starts headless Chromium for the suite with chromedp:
// the flags this kind of machine needs (no sandbox as root, no background
// networking), the extension under test loaded, host mapping for replica
// pages, one browser per test binary and a tab per test. Record keeps a
// tab's network in memory; HAR writes it, redacted, for a failing check.
//
// A --load-extension path that does not exist is ignored by Chromium
// without a word, so Launch checks manifest.json and waits for the
// extension's service worker; not seeing it is a gate error.
package browser
