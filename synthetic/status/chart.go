package status

import (
	"fmt"
	"strings"
	"time"

	"github.com/smokegate/smokegate/synthetic"
)

// Sizes of the strip and the chart, in SVG user units.
const (
	markStep    = 8
	markWidth   = 6
	chartWidth  = state60 * markStep
	chartHeight = 60
	state60     = 60 // runs kept per check (state.History)
)

// Chart is a latency polyline over a check's last runs.
type Chart struct {
	Points string // SVG polyline points
	Max    string // the top of the scale
	Width  int
	Height int
}

func chart(runs []synthetic.Outcome) Chart {
	c := Chart{Width: chartWidth, Height: chartHeight}
	if len(runs) == 0 {
		return c
	}
	var top time.Duration
	for _, o := range runs {
		top = max(top, o.Duration)
	}
	top = max(top, time.Second)
	var pts []string
	for i, o := range runs {
		x := i*markStep + markWidth/2
		y := chartHeight - int(float64(chartHeight-4)*o.Duration.Seconds()/top.Seconds()) - 2
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
	}
	c.Points = strings.Join(pts, " ")
	c.Max = top.Round(100 * time.Millisecond).String()
	return c
}
