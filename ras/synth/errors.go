package synth

import "errors"

// Sentinel errors.
var (
	// ErrInvalidOptions: Options or a CostModel are invalid, or do not fit
	// the model (an unknown domain, a cohort the model does not serve).
	ErrInvalidOptions = errors.New("synth: invalid options")
	// ErrInvalidModel: the model is nil or fails ras validation.
	ErrInvalidModel = errors.New("synth: invalid model")
	// ErrInvalidID: a string is not a synthetic person id.
	ErrInvalidID = errors.New("synth: not a synthetic person id")
)
