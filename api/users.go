package api

import (
	"context"
	"net/http"
	"time"

	"trustcard/surveys"
)

type userRequest struct {
	Email string `json:"email" format:"email" maxLength:"254"`
	Name  string `json:"name,omitempty" maxLength:"200"`
	Role  string `json:"role" enum:"admin,leader,rep"`
	Rep   int64  `json:"rep,omitempty" minimum:"0" doc:"For role rep: the id of the rep they are"`
}

type userResponse struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Rep       *int64    `json:"rep"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

func newUserResponse(u *surveys.User) userResponse {
	return userResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Rep: optionalID(u.RepID),
		Active: u.Active, CreatedAt: u.CreatedAt}
}

type createUserOutput struct {
	Status int
	Body   struct {
		userResponse
		SignInURL string `json:"sign_in_url" doc:"A one-time link that signs the user in; valid for 72 hours"`
	}
}

func (s *Server) createUser(ctx context.Context, in *struct{ Body userRequest }) (*createUserOutput, error) {
	u := &surveys.User{Email: in.Body.Email, Name: in.Body.Name, Role: surveys.Role(in.Body.Role), RepID: in.Body.Rep}
	token, err := s.Directory.CreateUser(ctx, u)
	if err != nil {
		return nil, err
	}
	out := &createUserOutput{Status: http.StatusCreated}
	out.Body.userResponse, out.Body.SignInURL = newUserResponse(u), s.SignInURL(token)
	return out, nil
}

// SignInURL is the one-time sign-in link for token.
func (s *Server) SignInURL(token string) string { return s.BaseURL + "/signin/" + token }

type listUsersInput struct {
	PageParams
	Q      string `query:"q" maxLength:"254" doc:"Part of the name or email, any case"`
	Role   string `query:"role" enum:"admin,leader,rep," doc:"Only users of this role"`
	Active string `query:"active" enum:"true,false," doc:"Only active or deactivated users"`
}

func (s *Server) listUsers(ctx context.Context, in *listUsersInput) (*listOutput[userResponse], error) {
	f := surveys.UserFilter{Search: in.Q, Active: optionalBool(in.Active), Page: in.page()}
	if in.Role != "" {
		role := surveys.Role(in.Role)
		f.Role = &role
	}
	users, total, err := s.Directory.FindUsers(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]userResponse, len(users))
	for i, u := range users {
		items[i] = newUserResponse(u)
	}
	return newList(items, total, f.Page), nil
}

type userPatch struct {
	Name *string `json:"name,omitempty" maxLength:"200"`
	Role *string `json:"role,omitempty" enum:"admin,leader,rep"`
	Rep  *int64  `json:"rep,omitempty" minimum:"0" doc:"For role rep: the id of the rep they are"`
}

type userOutput struct {
	Body userResponse
}

func (s *Server) updateUser(ctx context.Context, in *struct {
	IDParam
	Body userPatch
}) (*userOutput, error) {
	up := surveys.UserUpdate{Name: in.Body.Name, RepID: in.Body.Rep}
	if in.Body.Role != nil {
		role := surveys.Role(*in.Body.Role)
		up.Role = &role
	}
	u, err := s.Directory.UpdateUser(ctx, in.ID, up)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: newUserResponse(u)}, nil
}

func (s *Server) deactivateUser(ctx context.Context, in *IDParam) (*userOutput, error) {
	return s.setUserActive(ctx, in.ID, false)
}

func (s *Server) reactivateUser(ctx context.Context, in *IDParam) (*userOutput, error) {
	return s.setUserActive(ctx, in.ID, true)
}

func (s *Server) setUserActive(ctx context.Context, id int64, active bool) (*userOutput, error) {
	u, err := s.Directory.SetUserActive(ctx, id, active)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: newUserResponse(u)}, nil
}
