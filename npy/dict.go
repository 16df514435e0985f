package npy

import (
	"fmt"
	"strconv"
	"strings"
)

// parseHeader parses the text of a .npy header: a Python dict literal of
// 'descr', 'fortran_order' and 'shape' (in any order, each once), padded
// with spaces and ending with a newline.
func parseHeader(text string) (arrayHeader, error) {
	if !strings.HasSuffix(text, "\n") {
		return arrayHeader{}, formatErrorf("header %q does not end with a newline", text)
	}
	p := dictParser{s: text[:len(text)-1]}
	h, err := p.dict()
	if err != nil {
		return arrayHeader{}, formatErrorf("header %q: %v", text, err)
	}
	return h, nil
}

// dictParser reads the Python literals of a .npy header.
type dictParser struct {
	s   string
	pos int
}

func (p *dictParser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// eat skips spaces and then c if it is next, and reports whether it was.
func (p *dictParser) eat(c byte) bool {
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *dictParser) expect(c byte) error {
	if !p.eat(c) {
		return fmt.Errorf("%q expected at offset %d", c, p.pos)
	}
	return nil
}

func (p *dictParser) dict() (arrayHeader, error) {
	var h arrayHeader
	seen := map[string]bool{}
	if err := p.expect('{'); err != nil {
		return h, err
	}
	for !p.eat('}') {
		key, err := p.str()
		if err != nil {
			return h, err
		}
		if seen[key] {
			return h, fmt.Errorf("key %q twice", key)
		}
		seen[key] = true
		if err := p.expect(':'); err != nil {
			return h, err
		}
		switch key {
		case "descr":
			h.dtype, err = p.str()
		case "fortran_order":
			h.fortran, err = p.boolean()
		case "shape":
			h.shape, err = p.tuple()
		default:
			err = fmt.Errorf("unknown key %q", key)
		}
		if err != nil {
			return h, err
		}
		if !p.eat(',') {
			if err := p.expect('}'); err != nil {
				return h, err
			}
			break
		}
	}
	p.space()
	if p.pos != len(p.s) {
		return h, fmt.Errorf("text after the dict at offset %d", p.pos)
	}
	if len(seen) != 3 {
		return h, fmt.Errorf("keys %v, want descr, fortran_order and shape", seen)
	}
	return h, nil
}

// str reads a quoted string without escapes.
func (p *dictParser) str() (string, error) {
	p.space()
	if p.pos >= len(p.s) || (p.s[p.pos] != '\'' && p.s[p.pos] != '"') {
		return "", fmt.Errorf("string expected at offset %d", p.pos)
	}
	q := p.s[p.pos]
	end := strings.IndexByte(p.s[p.pos+1:], q)
	if end < 0 {
		return "", fmt.Errorf("unterminated string at offset %d", p.pos)
	}
	s := p.s[p.pos+1 : p.pos+1+end]
	if strings.ContainsAny(s, `\'"`) {
		return "", fmt.Errorf("string %q with an escape or a quote", s)
	}
	p.pos += end + 2
	return s, nil
}

func (p *dictParser) boolean() (bool, error) {
	p.space()
	for _, b := range []struct {
		text  string
		value bool
	}{{"True", true}, {"False", false}} {
		if strings.HasPrefix(p.s[p.pos:], b.text) {
			p.pos += len(b.text)
			return b.value, nil
		}
	}
	return false, fmt.Errorf("True or False expected at offset %d", p.pos)
}

// tuple reads a tuple of non-negative ints: (), (3,), (3, 4) or (3, 4,).
func (p *dictParser) tuple() ([]int, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	shape := []int{}
	for !p.eat(')') {
		d, err := p.integer()
		if err != nil {
			return nil, err
		}
		shape = append(shape, d)
		if !p.eat(',') {
			if len(shape) == 1 {
				return nil, fmt.Errorf("(%d) is not a tuple", d)
			}
			if err := p.expect(')'); err != nil {
				return nil, err
			}
			break
		}
	}
	return shape, nil
}

// integer reads a non-negative int (at most 19 digits, up to MaxInt64).
func (p *dictParser) integer() (int, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' && p.pos-start < 20 {
		p.pos++
	}
	if p.pos == start || p.pos-start > 19 {
		return 0, fmt.Errorf("dimension expected at offset %d (at most 19 digits)", start)
	}
	return strconv.Atoi(p.s[start:p.pos])
}
