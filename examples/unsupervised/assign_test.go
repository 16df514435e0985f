package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAssignLabelsByMeanResponse: 4 neurons, 5 images of classes 0, 0, 1,
// 2, 2. Neuron 0 answers class 0 most on average, though class 2 gives it
// the largest sum; neuron 1 has equal means for classes 1 and 2 (tie to 1);
// neuron 2 never spikes (-1); neuron 3 answers only class 2.
func TestAssignLabelsByMeanResponse(t *testing.T) {
	labels := []uint8{0, 0, 1, 2, 2}
	counts := []uint32{
		4, 0, 0, 0, // class 0
		2, 0, 0, 0, // class 0: mean 3 for neuron 0
		0, 3, 0, 0, // class 1: mean 3 for neuron 1
		5, 3, 0, 1, // class 2
		0, 3, 0, 0, // class 2: sum 5 but mean 2.5 for neuron 0; mean 3 for neuron 1
	}
	require.Equal(t, []int8{0, 1, -1, 2}, assignLabels(counts, labels, 4))
}

// TestMeanAboveExact: means that differ by less than float64 can tell
// apart (2^53+1 over 2^53 images against 1 over 1) are still ordered, and
// cross products above 2^64 compare by their high words.
func TestMeanAboveExact(t *testing.T) {
	require.True(t, meanAbove(1<<63, 2, 1, 1<<62))
	require.False(t, meanAbove(1, 1<<62, 1<<63, 2))
	require.True(t, meanAbove(1<<53+1, 1<<53, 1, 1))
	require.False(t, meanAbove(1<<53, 1<<53, 1, 1))
	require.False(t, meanAbove(1, 1, 1<<53, 1<<53))
	require.True(t, meanAbove(1<<63, 1, 1<<63-1, 1))
}

// TestAssignLabelsRejectsBadLengths: mismatched lengths and labels above 9
// panic, naming the function.
func TestAssignLabelsRejectsBadLengths(t *testing.T) {
	require.PanicsWithValue(t, "assignLabels: 3 counts for 2 images of 2 neurons", func() {
		assignLabels([]uint32{1, 2, 3}, []uint8{0, 1}, 2)
	})
	require.PanicsWithValue(t, "assignLabels: label 10 of image 1", func() {
		assignLabels([]uint32{1, 2}, []uint8{0, 10}, 1)
	})
	require.PanicsWithValue(t, "predict: 1 counts for 2 neurons", func() { predict([]uint32{1}, []int8{0, 1}) })
	require.PanicsWithValue(t, "confusion: 1 predictions for 2 labels", func() { confusion([]int{1}, []uint8{0, 1}) })
}

// TestPredictByMeanOfAssignedNeurons: the mean, not the sum, of each
// class's neurons decides; unassigned neurons and classes without neurons
// do not count; ties go to the lowest class; all-zero means give -1.
func TestPredictByMeanOfAssignedNeurons(t *testing.T) {
	assign := []int8{3, 3, 3, 5, -1, 1}
	for _, c := range []struct {
		name   string
		counts []uint32
		want   int
	}{
		{"mean beats sum", []uint32{2, 2, 2, 3, 0, 0}, 5},      // class 3: sum 6, mean 2; class 5: mean 3
		{"tie to lowest", []uint32{3, 3, 3, 3, 0, 0}, 3},       // means 3 and 3
		{"tie across", []uint32{0, 0, 0, 4, 0, 4}, 1},          // classes 1 and 5 mean 4
		{"unassigned ignored", []uint32{0, 0, 1, 0, 99, 0}, 3}, // neuron 4 has no class
		{"silent", []uint32{0, 0, 0, 0, 0, 0}, -1},
		{"only unassigned", []uint32{0, 0, 0, 0, 7, 0}, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, predict(c.counts, assign))
		})
	}
	require.Equal(t, -1, predict(nil, nil))
}

// TestConfusionAndAccuracy: rows are true labels, columns predictions,
// -1 counts apart and as wrong.
func TestConfusionAndAccuracy(t *testing.T) {
	pred := []int{0, 1, 1, -1, 9, 2}
	labels := []uint8{0, 1, 2, 3, 9, 2}
	m, none := confusion(pred, labels)
	var want [classes][classes]int
	want[0][0], want[1][1], want[2][1], want[9][9], want[2][2] = 1, 1, 1, 1, 1
	require.Equal(t, want, m)
	require.Equal(t, 1, none)
	require.InDelta(t, 4.0/6, accuracy(m, none), 1e-15)
	require.Zero(t, accuracy([classes][classes]int{}, 0))
	require.Zero(t, accuracy([classes][classes]int{}, 3))
}

// TestAssignThenPredict: neurons labelled on a training set predict the
// class of an image that excites them.
func TestAssignThenPredict(t *testing.T) {
	// 3 neurons: neuron k answers class k+7.
	labels := []uint8{7, 8, 9, 7}
	counts := []uint32{5, 0, 0, 0, 6, 1, 0, 0, 2, 3, 1, 0}
	assign := assignLabels(counts, labels, 3)
	require.Equal(t, []int8{7, 8, 9}, assign)
	require.Equal(t, 9, predict([]uint32{1, 1, 2}, assign))
}
