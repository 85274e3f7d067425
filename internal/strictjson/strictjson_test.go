package strictjson

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

type inner struct {
	ID    string          `json:"id"`
	Score int             `json:"score,omitempty"`
	Rate  decimal.Decimal `json:"rate"`
}

type doc struct {
	Name  string           `json:"name"`
	Items []inner          `json:"items"`
	Map   map[string]inner `json:"map,omitempty"`
	Ptr   *inner           `json:"ptr,omitempty"`
}

func TestDecode(t *testing.T) {
	good := `{"name":"n","items":[{"id":"a","score":2,"rate":"1.50"}],"map":{"Key":{"id":"b","rate":1}}}`
	var d doc
	if err := Decode([]byte("\ufeff"+good+"\n"), &d); err != nil || d.Items[0].Rate.String() != "1.5" || d.Map["Key"].ID != "b" {
		t.Fatalf("good document: %v %+v", err, d)
	}
	for _, c := range []struct {
		in   string
		path string
		err  error
	}{
		{`{"name":"n","name":"m"}`, "name", ErrRepeatedKey},
		{`{"items":[{"id":"a","id":"b"}]}`, "items[0].id", ErrRepeatedKey},
		{`{"map":{"k":{"id":"a"},"k":{"id":"b"}}}`, "map.k", ErrRepeatedKey},
		{`{"Name":"n"}`, "Name", ErrKeyCase},
		{`{"items":[{"ID":"a"}]}`, "items[0].ID", ErrKeyCase},
		{`{"map":{"k":{"Rate":1}}}`, "map.k.Rate", ErrKeyCase},
		{`{"nope":1}`, "nope", ErrUnknownKey},
		{`{"name":null}`, "name", ErrNull},
		{`{"items":[{"score":null}]}`, "items[0].score", ErrNull},
		{`{"ptr":null}`, "ptr", ErrNull},
		{`null`, "", ErrNull},
		{`{"name":"n"}]`, "", ErrTrailing},
		{`{"name":"n"}}`, "", ErrTrailing},
		{`{"name":"n"} {}`, "", ErrTrailing},
		{`{"name":"n"`, "", ErrSyntax},
		{``, "", ErrSyntax},
		{"{\"name\":\"\xff\"}", "", ErrText},
		{`{"items":{"id":"a"}}`, "items", ErrType},
		{`{"items":[` + strings.Repeat("[", 100000), "items[0]" + strings.Repeat("[0]", maxDepth-2), ErrSyntax},
		{`{"name":5}`, "name", ErrType},
	} {
		var d doc
		err := Decode([]byte(c.in), &d)
		var e *Error
		if !errors.As(err, &e) || e.Path != c.path || !errors.Is(err, c.err) {
			t.Errorf("Decode(%q) = %v; want an *Error at %q wrapping %v", c.in, err, c.path, c.err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"name":"n","items":[{"id":"a","score":2,"rate":"1.50"}]}`))
	f.Add([]byte(`{"map":{"k":{"id":"a"},"k":{}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var d doc
		_ = Decode(b, &d)
	})
}
