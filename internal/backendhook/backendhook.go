// Package backendhook tells the project's internal packages what package
// snn's active backend allows, without an import of snn (snn may not import
// them back) and without a public API: snn sets the hook in its init, and
// internal/check asks it before running its own assembly, so that
// SNN_BACKEND=generic (or snn.SetBackend("generic")) runs no assembly
// anywhere.
package backendhook

var assembly func() bool

// SetAssembly installs f, which reports whether the active backend runs
// assembly. Package snn calls it once, from init.
func SetAssembly(f func() bool) { assembly = f }

// Assembly reports whether the active backend runs assembly: false until
// package snn has set the hook, and always for the generic backend.
func Assembly() bool { return assembly != nil && assembly() }
