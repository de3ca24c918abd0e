package surveys_test

import (
	"testing"

	"trustcard/surveys"
)

// What Blocks hands out stays where it was put while the list grows past
// many blocks, and the list yields every element in order.
func TestBlocksKeepTheirElements(t *testing.T) {
	var b surveys.Blocks[[2]int]
	var kept []*[2]int
	for i := range 10_000 {
		kept = append(kept, b.Add([2]int{i, -i}))
		kept[i/2][1] = i // writes through an earlier pointer land in the list
	}
	if b.Len() != 10_000 {
		t.Fatalf("Len %d, want 10000", b.Len())
	}
	i := 0
	for v := range b.All {
		if want := [2]int{i, 2*i + 1}; i < 5000 && v != want || i >= 5000 && v[0] != i {
			t.Fatalf("element %d is %v", i, v)
		}
		if *kept[i] != v {
			t.Fatalf("the pointer to element %d reads %v, the list %v", i, *kept[i], v)
		}
		i++
	}
	if i != 10_000 {
		t.Fatalf("All yielded %d elements", i)
	}
}
