package snn

import "errors"

// Errors returned (wrapped, with the argument and index at fault) by the
// checked APIs of packages layer and batch. Test for them with errors.Is.
var (
	// ErrShape reports a slice of the wrong length or a size out of range.
	ErrShape = errors.New("wrong shape")
	// ErrNonFinite reports a NaN or infinite input, weight, state or parameter.
	ErrNonFinite = errors.New("non-finite value")
	// ErrParameter reports a parameter out of its range, such as empty
	// weight bounds or an unknown reset mode.
	ErrParameter = errors.New("invalid parameter")
)
