package main

import (
	"encoding/xml"
	"fmt"
	"os"
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
