package gensee

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPresence(t *testing.T) {
	at := func(min int) Time { return Time{Time: time.Date(2024, 3, 1, 10, min, 0, 0, time.UTC)} }
	at30s := func(min int) Time { return Time{Time: at(min).Add(30 * time.Second)} }
	row := func(uid int64, join, leave Time) *Attendance {
		return &Attendance{UID: uid, JoinTime: join, LeaveTime: leave}
	}
	tests := []struct {
		name string
		rows []*Attendance
		want []int // counts from 10:00, one a minute
	}{
		{"none", nil, nil},
		{"one user, three minutes", []*Attendance{row(1, at(0), at(3))}, []int{1, 1, 1, 0}},
		{"two users overlapping", []*Attendance{row(1, at(0), at(3)), row(2, at(1), at(4))}, []int{1, 2, 2, 1, 0}},
		{"one user's overlapping sessions count once", []*Attendance{row(1, at(0), at(3)), row(1, at(1), at(2)), row(2, at(2), at(3))},
			[]int{1, 1, 2, 0}},
		{"a short visit inside a minute counts", []*Attendance{row(1, at(0), at(2)), row(2, at30s(1), Time{Time: at30s(1).Add(10 * time.Second)})},
			[]int{1, 2, 0}},
		{"no leave time: present until the last time known", []*Attendance{row(1, at(0), at(3)), row(2, at(1), Time{})}, []int{1, 2, 2, 0}},
		{"leave before join: the join minute only", []*Attendance{row(1, at(0), at(2)), row(2, at(1), at(0))}, []int{1, 2, 0}},
		{"no join time: left out", []*Attendance{row(1, at(0), at(1)), row(2, Time{}, at(5)), nil}, []int{1, 0}},
		{"UID 0: told apart by name", []*Attendance{
			{Name: "张三", JoinTime: at(0), LeaveTime: at(1)}, {Name: "李四", JoinTime: at(0), LeaveTime: at(1)},
			{Name: "张三", JoinTime: at(0), LeaveTime: at(1)},
		}, []int{2, 0}},
		{"starts at the first join's minute", []*Attendance{row(1, at30s(2), at(4))}, nil}, // checked below
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Presence(tt.rows, time.Minute)
			if tt.want == nil && len(tt.rows) == 0 {
				assert.Nil(t, got)
				return
			}
			if tt.want == nil {
				return
			}
			counts := make([]int, len(got))
			for i, p := range got {
				counts[i] = p.Count
				assert.True(t, p.Time.Equal(at(i).Time), "point %d at %v", i, p.Time)
			}
			assert.Equal(t, tt.want, counts)
		})
	}
	got := Presence([]*Attendance{row(1, at30s(2), at(4))}, time.Minute)
	assert.Equal(t, []PresencePoint{{at(2).Time, 1}, {at(3).Time, 1}, {at(4).Time, 0}}, got)
	assert.Nil(t, Presence([]*Attendance{row(1, at(0), at(1))}, time.Millisecond), "a step below a second")
}

func ExamplePresence() {
	china := time.FixedZone("CST", 8*3600)
	at := func(h, m int) Time { return Time{Time: time.Date(2024, 3, 1, h, m, 0, 0, china)} }
	rows := []*Attendance{ // as Exports.Attendance returns them
		{UID: 1001, Name: "张三", JoinTime: at(10, 0), LeaveTime: at(10, 3)},
		{UID: 1002, Name: "李四", JoinTime: at(10, 1), LeaveTime: at(10, 2)},
		{UID: 1001, Name: "张三", JoinTime: at(10, 1), LeaveTime: at(10, 2)}, // a second device
	}
	peak := PresencePoint{}
	for _, p := range Presence(rows, time.Minute) {
		fmt.Println(p.Time.Format("15:04"), p.Count)
		if p.Count > peak.Count {
			peak = p
		}
	}
	fmt.Println("peak", peak.Count, "at", peak.Time.Format("15:04"))
	// Output:
	// 10:00 1
	// 10:01 2
	// 10:02 1
	// 10:03 0
	// peak 2 at 10:01
}
