// Writes robfig-cron-oracle.json: what robfig/cron v3.0.1 itself says about schedules, for the
// TypeScript port's tests (packages/db-schema/src/values/cron-oracle.test.ts). Kept so the
// data can be made again; it is not part of any build. See README.md beside this file.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/robfig/cron/v3"
)

type verdict struct {
	Schedule string  `json:"schedule"`
	Error    *string `json:"error"`
}

type chain struct {
	Schedule string   `json:"schedule"`
	TimeZone string   `json:"timeZone"`
	After    string   `json:"after"`
	Next     []string `json:"next"`
}

type oracle struct {
	Note      string    `json:"note"`
	GoVersion string    `json:"goVersion"`
	Verdicts  []verdict `json:"verdicts"`
	Chains    []chain   `json:"chains"`
}

// parse is ParseStandard as the Kubernetes CronJob controller calls it: with the job's zone
// as a "TZ=" prefix (formatSchedule in pkg/controller/cronjob/utils.go).
func parse(schedule, zone string) (s cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	if zone == "" {
		return cron.ParseStandard(schedule)
	}
	return cron.ParseStandard("TZ=" + zone + " " + schedule)
}

// Schedules whose validity the oracle decides: the examples and the grammar's corners.
var verdictInputs = []string{
	"@every 5m", "0 0 30 2 *", "0 8,8 * * *", "0 0 1,1-15 * *",
	"* * * * 7", "0 0 * * 1-7", " @daily", "@daily ", "0 0 */1 * 1",
	"* * * * *", "  0 0 * * *  ", "0\t0\t*\t*\t*", "0 0 * * *\n", "0\u00a00 * * *", "0\u30000 * * *",
	"0\ufeff0 * * *", "0\u00850 * * *", "0\u200b0 * * *",
	"* * , * *", "1,,2 * * * *", ",5 * * * *", "*-5 * * * *", "?/5 * * * *", "*/1 * * * *",
	"+5 * * * *", "-5 * * * *", "5-+7 * * * *", "*/+2 * * * *", "*/-2 * * * *", "007 * * * *",
	"99999999999999999999 * * * *", "*/9223372036854775807 * * * *", "*/9223372036854775808 * * * *",
	"5/2 * * * *", "5-4 * * * *", "5-5 * * * *", "1-2-3 * * * *", "1/2/3 * * * *", "/5 * * * *", "5/ * * * *",
	"- * * * *", "* * * * SUN-SAT", "* * * * sun,MON,tUe", "* * * JAN-dec *", "* * * * sunday", "* * * * 0-6/2",
	"* * * jan/2 *", "* * * * mon/2", "* * * * fri-mon", "* * * * FR\u0130", "* * * * \u212aon",
	"* * * 0 *", "* * * 13 *", "* * 0 * *", "* * 32 * *", "* 24 * * *", "60 * * * *", "59 23 31 12 6",
	"0 0 31 4 *", "0 0 29 2 *", "* * L * *", "* * * * 5L", "* * * * 5#2", "* * 15W * *", "H * * * *",
	"0 0 0 * * *", "* * * *", "*", "", "   ", "@", "@DAILY", "@Daily", "@reboot", "@minutely", "@weekdays",
	"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
	"@every 0", "@every 0s", "@every -5m", "@every +5m", "@every 500ms", "@every 1.5s", "@every 1h30m",
	"@every 5m ", "@every  5m", "@every", "@every ", "@every 5", "@every 5x", "@every .5m", "@every 1.m",
	"@every 2562047h47m16.854775807s", "@every 2562047h47m16.854775808s", "@every 9223372036854775807ns",
	"@every -9223372036854775808ns", "@every 1µs", "@every 1μs", "@every 0.3333333333333333333h",
	"@every 1h\t", "@ every 5m", "@every\t5m",
}

var zones = []string{"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kolkata"}

// Schedules run across every daylight-saving change of 2024-2025 in the DST zones.
var dstSchedules = []string{
	"* * * * *", "*/15 * * * *", "0 * * * *", "30 * * * *", "45 * * * *",
	"0 0 * * *", "0 1 * * *", "30 1 * * *", "45 1 * * *", "0 2 * * *", "15 2 * * *", "30 2 * * *",
	"45 2 * * *", "0 3 * * *", "30 3 * * *", "0 0 * * 0", "0 2 * * 0", "0 0 1 * *",
	"@daily", "@hourly", "@weekly", "@every 1h", "@every 30m", "0 1-3 * * *", "*/20 1,2 * * *",
}

func format(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func run(schedule, zone string, after time.Time, count int) chain {
	s, err := parse(schedule, zone)
	if err != nil {
		panic(fmt.Sprintf("%s in %s: %v", schedule, zone, err))
	}
	c := chain{Schedule: schedule, TimeZone: zone, After: format(after), Next: []string{}}
	t := after
	for i := 0; i < count; i++ {
		t = s.Next(t)
		if t.IsZero() {
			c.Next = append(c.Next, "")
			break
		}
		c.Next = append(c.Next, format(t))
	}
	return c
}

// transitions finds each instant of 2024-2025 where the zone's offset changes (to the minute).
func transitions(zone string) []time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	var found []time.Time
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for t := start; t.Before(end); t = t.Add(time.Hour) {
		_, a := t.In(loc).Zone()
		_, b := t.Add(time.Hour).In(loc).Zone()
		if a != b {
			m := t
			for {
				_, o := m.In(loc).Zone()
				if o != a {
					break
				}
				m = m.Add(time.Minute)
			}
			found = append(found, m)
		}
	}
	return found
}

// A small deterministic generator, so the mixed cases are the same on every run.
type lcg uint64

func (r *lcg) next(n int) int {
	*r = *r*6364136223846793005 + 1442695040888963407
	return int(uint64(*r)>>33) % n
}

var fieldPools = [][]string{
	{"*", "0", "5", "*/7", "0-10/3", "59", "15,45", "*/1", "30", "1-5"},
	{"*", "0", "1", "2", "3", "23", "*/5", "1-3", "0,12", "9-17/4"},
	{"*", "?", "1", "15", "31", "29", "*/10", "1,15", "28-31", "30"},
	{"*", "1", "2", "Feb", "mar-may", "*/3", "10-12", "jan,jul", "11", "*/1"},
	{"*", "?", "0", "1", "MON-FRI", "sun", "6", "*/2", "1,3,5", "*/1"},
}

func main() {
	o := oracle{
		Note:      "Generated by test-data/robfig-cron-oracle/main.go running robfig/cron v3.0.1; do not edit.",
		GoVersion: runtime.Version(),
	}
	for _, s := range verdictInputs {
		_, err := parse(s, "")
		v := verdict{Schedule: s}
		if err != nil {
			msg := err.Error()
			v.Error = &msg
		}
		o.Verdicts = append(o.Verdicts, v)
	}
	for _, zone := range zones[1:4] {
		for _, tr := range transitions(zone) {
			for _, s := range dstSchedules {
				count := 6
				if s == "* * * * *" {
					count = 4
				}
				o.Chains = append(o.Chains, run(s, zone, tr.Add(-90*time.Minute), count))
				o.Chains = append(o.Chains, run(s, zone, tr.Add(-7*time.Minute-30*time.Second), count))
			}
		}
	}
	r := lcg(18)
	for i := 0; i < 400; i++ {
		schedule := ""
		for f, pool := range fieldPools {
			if f > 0 {
				schedule += " "
			}
			schedule += pool[r.next(len(pool))]
		}
		zone := zones[r.next(len(zones))]
		after := time.Date(2020+r.next(10), time.Month(1+r.next(12)), 1+r.next(28), r.next(24), r.next(60), r.next(60), r.next(1000)*1e6, time.UTC)
		o.Chains = append(o.Chains, run(schedule, zone, after, 3))
	}
	out, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(append(out, '\n'))
}
