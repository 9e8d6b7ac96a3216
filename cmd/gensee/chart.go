package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
)

// The charts of --chart: Unicode blocks, as wide as the terminal, the peak
// marked, colour only when stdout is a terminal.

const (
	chartHeight = 8
	colorPeak   = "\x1b[1;33m"
	colorReset  = "\x1b[0m"
)

var (
	vBlocks = []rune(" ▁▂▃▄▅▆▇█") // eighths of a cell, bottom up
	hBlocks = []rune(" ▏▎▍▌▋▊▉█") // eighths of a cell, left to right
)

// presenceChart draws how many students were present step by step, as
// columns; when there are more steps than columns, a column shows the most
// of its steps.
func presenceChart(w io.Writer, pts []gensee.PresencePoint, width int, color bool) error {
	if len(pts) == 0 {
		_, err := fmt.Fprintln(w, "no attendance to draw")
		return err
	}
	peak := pts[0]
	for _, p := range pts {
		if p.Count > peak.Count {
			peak = p
		}
	}
	label := len(strconv.Itoa(peak.Count))
	cols := max(width-label-2, 10)
	per := (len(pts) + cols - 1) / cols
	var values []int
	peakCol := 0
	for i := 0; i < len(pts); i += per {
		v := 0
		for _, p := range pts[i:min(i+per, len(pts))] {
			v = max(v, p.Count)
			if p.Time.Equal(peak.Time) {
				peakCol = len(values)
			}
		}
		values = append(values, v)
	}
	var b strings.Builder
	var step time.Duration
	if len(pts) > 1 {
		step = pts[1].Time.Sub(pts[0].Time) * time.Duration(per)
	}
	// A class of a single step (played in a millisecond) has no step to
	// name.
	title := fmt.Sprintf("students present: peak %d at %s", peak.Count, clockMinute(peak.Time))
	if step > 0 {
		title = fmt.Sprintf("students present, a column per %s: peak %d at %s", step, peak.Count, clockMinute(peak.Time))
	}
	b.WriteString(fit(title, fmt.Sprintf("peak %d at %s", peak.Count, clockMinute(peak.Time)), width) + "\n")
	for row := chartHeight - 1; row >= 0; row-- {
		switch row {
		case chartHeight - 1:
			fmt.Fprintf(&b, "%*d ┤", label, peak.Count)
		case 0:
			fmt.Fprintf(&b, "%*d ┤", label, 0)
		default:
			fmt.Fprintf(&b, "%*s │", label, "")
		}
		for i, v := range values {
			eighths := 0
			if peak.Count > 0 {
				eighths = v*chartHeight*8/peak.Count - row*8
			}
			cell := string(vBlocks[min(max(eighths, 0), 8)])
			if color && i == peakCol && cell != " " {
				cell = colorPeak + cell + colorReset
			}
			b.WriteString(cell)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%*s └%s\n", label, "", strings.Repeat("─", len(values)))
	// The marker points at the peak's column from the right of its text
	// when the text would not fit after it.
	text := " peak " + strconv.Itoa(peak.Count)
	marker := strings.Repeat(" ", label+2+peakCol) + "▲" + text
	if displayWidth(marker) > width {
		marker = strings.Repeat(" ", max(label+2+peakCol-len(text), 0)) + text[1:] + " ▲"
	}
	b.WriteString(marker + "\n")
	first, last := clockMinute(pts[0].Time), clockMinute(pts[len(pts)-1].Time)
	gap := max(len(values)-len(first)-len(last), 1)
	fmt.Fprintf(&b, "%*s  %s%s%s\n", label, "", first, strings.Repeat(" ", gap), last)
	_, err := io.WriteString(w, b.String())
	return err
}

// concurrencyChart draws the daily maxima as bars, a line a day.
func concurrencyChart(w io.Writer, what string, days []*gensee.DailyConcurrency, width int, color bool) error {
	if len(days) == 0 {
		_, err := fmt.Fprintln(w, "no days to draw")
		return err
	}
	peak := 0
	for i, d := range days {
		if d.MaxConcurrent > days[peak].MaxConcurrent {
			peak = i
		}
	}
	top := days[peak].MaxConcurrent
	num := len(strconv.Itoa(top))
	bar := max(width-10-2-num-8, 1) // date, gaps, number, "◀ peak"
	var b strings.Builder
	title := fmt.Sprintf("%s, the most at once each day: peak %d on %s", what, top, days[peak].Date)
	fmt.Fprintln(&b, fit(title, fmt.Sprintf("%s: peak %d on %s", what, top, days[peak].Date), width))
	for i, d := range days {
		eighths := 0
		if top > 0 {
			eighths = d.MaxConcurrent * bar * 8 / top
		}
		line := strings.Repeat(string(hBlocks[8]), eighths/8)
		if r := eighths % 8; r > 0 {
			line += string(hBlocks[r])
		}
		mark := ""
		if i == peak {
			mark = " ◀ peak"
			if color {
				line = colorPeak + line + colorReset
			}
		}
		fmt.Fprintf(&b, "%s │%s %*d%s\n", d.Date, line, num, d.MaxConcurrent, mark)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fit returns long when it fits in width columns, else short, cut to the
// width if it must be.
func fit(long, short string, width int) string {
	if displayWidth(long) <= width {
		return long
	}
	if displayWidth(short) <= width {
		return short
	}
	r := []rune(short)
	for len(r) > 0 && displayWidth(string(r)) > width {
		r = r[:len(r)-1]
	}
	return string(r)
}

func clockMinute(t time.Time) string { return t.In(chinaTime).Format("15:04") }

// drawsCharts reports whether --chart draws: in the table formats. With
// -o json, jsonl or csv, --chart prints the points it would draw instead,
// as rows in that format (a presence chart's steps, a concurrency chart's
// days).
func (e *env) drawsCharts() bool { return e.format == "table" || e.format == "wide" }

// presenceRow is one step of a presence chart, as -o json|jsonl|csv print
// it.
type presenceRow struct {
	Time  time.Time `json:"time"`  // the start of the step
	Count int       `json:"count"` // distinct students present during it
}

func presenceRows(pts []gensee.PresencePoint) []presenceRow {
	out := make([]presenceRow, len(pts))
	for i, p := range pts {
		out[i] = presenceRow{p.Time, p.Count}
	}
	return out
}
