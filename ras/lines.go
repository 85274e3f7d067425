package ras

// The hours breakdown is worked out when asked for, from what the engine
// kept while assessing, so that assessing does no divisions for it:
//
//   - linesByPoints: the exact weekly budget is spread over the support
//     types in proportion to their domains' points;
//   - linesByShares: it is spread by the regression model's shares;
//   - linesByMoney: per-domain prices gave each support type its money;
//     limits scale it to the budget;
//   - linesDirect: the hours model counted minutes and money per support
//     type; limits scale both to the budget.
//
// Each spread is exact to the micro-penny and gives the remainder to the
// last line, so the lines add up to the exact weekly budget. Hours come from
// money at the support type's hourly rate, except in an hours model, where
// the minutes are those counted.
const (
	linesNone uint8 = iota
	linesByPoints
	linesByShares
	linesByMoney
	linesDirect
)

// breakdown returns the lines of the budget by support type.
func (r *Result) breakdown() []line {
	e := r.engine
	if e == nil || len(e.support) == 0 || !r.ok || !r.HasBudget {
		return nil
	}
	out := make([]line, len(e.support))
	fromMoney := r.linesBy != linesDirect // hours come from money at the rate
	switch r.linesBy {
	case linesByPoints:
		if r.TotalPoints == 0 {
			out[e.fallbackSupport()].amount = r.weekly
			break
		}
		weights := make([]int64, len(out))
		for di := range e.domains {
			weights[e.domains[di].support] += r.points[di]
		}
		spread(out, r.weekly, weights, r.TotalPoints)
	case linesByShares:
		spread(out, r.weekly, e.reg.shares, 1_000_000)
	case linesByMoney, linesDirect:
		copy(out, r.lines)
		var sum int64
		for _, l := range out {
			sum += l.amount
		}
		switch {
		case sum == r.weekly:
		case sum == 0:
			// Only a floor gave money: it is counted under the floor's
			// support type, its hours at that type's rate.
			clear(out)
			out[e.fallbackSupport()].amount = r.weekly
			fromMoney = true
		default:
			// A limit changed the budget: scale money and counted minutes.
			weights := make([]int64, len(out))
			for i, l := range out {
				weights[i] = l.amount
				out[i].amount = 0
				out[i].minutes, _ = mulDivRound(l.minutes, r.weekly, sum)
			}
			spread(out, r.weekly, weights, sum)
		}
	default:
		return nil
	}
	if fromMoney {
		for i := range out {
			out[i].minutes = 0
			if rate := e.support[i].rateMicro; rate > 0 {
				out[i].minutes, _ = mulDivRound(out[i].amount, 60_000_000, rate)
			}
		}
	}
	return out
}

// spread adds amount to the lines in proportion to weights (which sum to
// total), exactly: the last weighted line takes the remainder.
func spread(out []line, amount int64, weights []int64, total int64) {
	var given int64
	last := -1
	for i, w := range weights {
		if w == 0 {
			continue
		}
		part, _ := mulDivRound(amount, w, total)
		out[i].amount += part
		given += part
		last = i
	}
	if last >= 0 {
		out[last].amount += amount - given
	}
}
