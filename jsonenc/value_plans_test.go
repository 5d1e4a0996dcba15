package jsonenc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sync"
	"testing"
)

// firstUse is written by no other test, so its plan (and its element's and its fields')
// is built inside TestPlansBuiltConcurrently.
type firstUse struct {
	Name  string      `json:"name"`
	Next  *firstUse   `json:"next,omitempty"`
	Items []firstUse  `json:"items"`
	Tags  [2]firstTag `json:"tags"`
}

type firstTag struct {
	Key string `json:"key,omitempty"`
	N   int    `json:"n"`
}

// TestPlansBuiltConcurrently: goroutines writing a type none has written before all
// write it as json.Marshal does, and none reads a plan another is still filling (the
// race detector, which `make unit` runs, reports it if one does).
func TestPlansBuiltConcurrently(t *testing.T) {
	v := firstUse{Name: "a", Next: &firstUse{Name: "b", Items: []firstUse{{Name: "c"}}}, Tags: [2]firstTag{{Key: "k", N: 1}}}
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Go(func() { got[i], _ = AppendValue(nil, reflect.ValueOf(v)) })
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("goroutine %d wrote\n %s\nwant\n %s", i, g, want)
		}
	}
}
