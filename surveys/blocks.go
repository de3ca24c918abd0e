package surveys

// Blocks is a list that grows a block at a time and never moves what it
// holds, so a pointer to an element stays good: a window's sums over
// 10,000 reps are 90,000 rows of 88 bytes, and a slice growing to that
// size copies them over and over. Each new block is as long as the list
// so far, from firstBlockLen up to blockLen: one rep's few dozen sums
// (a card's trend) take a small block, not 360 KB.
type Blocks[T any] struct {
	blocks [][]T
	n      int
}

const firstBlockLen, blockLen = 64, 4096

// Add appends v and returns where it is kept.
func (b *Blocks[T]) Add(v T) *T {
	if k := len(b.blocks); k == 0 || len(b.blocks[k-1]) == cap(b.blocks[k-1]) {
		b.blocks = append(b.blocks, make([]T, 0, min(blockLen, max(firstBlockLen, b.n))))
	}
	last := &b.blocks[len(b.blocks)-1]
	*last = append(*last, v)
	b.n++
	return &(*last)[len(*last)-1]
}

// Len is the number of elements.
func (b *Blocks[T]) Len() int { return b.n }

// All yields every element in order.
func (b *Blocks[T]) All(yield func(T) bool) {
	for _, block := range b.blocks {
		for _, v := range block {
			if !yield(v) {
				return
			}
		}
	}
}
