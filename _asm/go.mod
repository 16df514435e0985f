module github.com/spikekernel/snn/_asm

go 1.26
