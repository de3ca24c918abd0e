package surveys

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// AlertReasonTexts are an alert's reasons, as AlertRules.Match writes them,
// in the words a leader reads, worded by the survey tv (nil: by the
// questions' keys) for the rep named repName:
// "Rated 1 of 5: “Will understood what I actually needed.”",
// "Would recommend: 4 of 10", "Comment mentions “cancel”".
func AlertReasonTexts(tv *TemplateVersion, reasons []string, repName string) []string {
	rep := (&Rep{Name: repName}).FirstName()
	out := make([]string, len(reasons))
	for i, r := range reasons {
		out[i] = alertReasonText(tv, r, rep)
	}
	return out
}

// alertReasonText is one reason in words; one it cannot read stays as it is.
func alertReasonText(tv *TemplateVersion, reason, rep string) string {
	if word, ok := strings.CutPrefix(reason, "comment mentions "); ok {
		if w, err := strconv.Unquote(word); err == nil {
			word = w
		}
		return "Comment mentions “" + word + "”"
	}
	key, n, ok := strings.Cut(reason, " at ")
	answer, err := strconv.Atoi(n)
	if !ok || err != nil {
		return reason
	}
	q, found := Question{}, false
	if tv != nil {
		q, found = tv.Question(key)
	}
	if !found {
		q = Question{Key: key, Kind: KindRating}
		if key == QRecommend {
			q.Kind = KindScale
		}
	}
	_, hi := q.Range()
	if q.Key == QRecommend {
		return fmt.Sprintf("Would recommend: %d of %d", answer, hi)
	}
	if text := q.Text("en", rep); text != "" {
		return fmt.Sprintf("Rated %d of %d: “%s”", answer, hi, text)
	}
	return fmt.Sprintf("Rated %d of %d: %s", answer, hi, key)
}

// currentSurvey is org orgID's survey as it asks today, which words its
// alerts; nil when it has none yet.
func currentSurvey(ctx context.Context, st TemplateStore, orgID int64) (*TemplateVersion, error) {
	tv, err := st.CurrentTemplateVersion(ctx, orgID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return tv, err
}
