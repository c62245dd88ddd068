package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path"

	"github.com/smokegate/smokegate/harness/testjson"
)

// junitTimes reads each test case's time from a gate's junit.xml, keyed
// "suite/case", in the report's (runbook) order.
func junitTimes(path string) (keys []string, secs map[string]float64, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read the gate's report: %w", err)
	}
	var doc struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name string  `xml:"name,attr"`
				Time float64 `xml:"time,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, nil, fmt.Errorf("decode %s: %w", path, err)
	}
	secs = map[string]float64{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			key := s.Name + "/" + c.Name
			keys = append(keys, key)
			secs[key] = c.Time
		}
	}
	return keys, secs, nil
}

// streamTimes reads each test case's time from a gate run's events.jsonl
// (Go's test stream of its binaries) through testjson, keyed "suite/case"
// in the order the binaries started. A revision from before the stream
// carried the results has none; the caller then reads junit.xml.
func streamTimes(file string) (keys []string, secs map[string]float64, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("read the gate's events: %w", err)
	}
	defer f.Close()
	pkgs, err := testjson.ReadRun(f)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", file, err)
	}
	secs = map[string]float64{}
	for _, p := range pkgs {
		for _, tt := range p.Tests {
			if c, ok := tt.Case(); ok {
				key := path.Base(p.Name) + "/" + c.Name
				keys = append(keys, key)
				secs[key] = c.Time.Seconds()
			}
		}
	}
	return keys, secs, nil
}
