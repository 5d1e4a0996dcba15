package jsonscan

import "testing"

// TestPlainRunStopsAtTheFirstNotPlainByte: eight bytes at a time, plainRun stops where
// the byte-by-byte table does, for every byte value at every place of a word, after
// plain bytes or after another stop byte.
func TestPlainRunStopsAtTheFirstNotPlainByte(t *testing.T) {
	byTable := func(d []byte, i int) int {
		for i < len(d) && plain[d[i]] {
			i++
		}
		return i
	}
	for c := 0; c < 256; c++ {
		for at := 0; at < 20; at++ {
			for _, after := range []byte{'a', '"', 0x00, 0xff, '\\'} {
				d := []byte("abcdefghijklmnopqrstuvwxyz")
				d[at] = byte(c)
				d[at+1] = after
				for from := 0; from <= at; from += 3 {
					if got, want := plainRun(d, from), byTable(d, from); got != want {
						t.Fatalf("plainRun(%q, %d) = %d, the table says %d", d, from, got, want)
					}
				}
			}
		}
	}
}
